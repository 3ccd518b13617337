import { useCallback, useEffect, useRef, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { api } from '../../api/client';
import { loadStaffPage, routeParam, type PageContext, type StaffPageState } from '../../lib/page-access';
import type { ApiResult } from '../../../types/errors';

/** Load a staff page (context + its read action) and keep the result; `reload` runs it again. */
export function useStaffPage<T>(fetch: (estateId: string, context: PageContext) => Promise<ApiResult<T>>) {
  const router = useRouter();
  const requested = routeParam(router.params, 'estateId');
  const [state, setState] = useState<StaffPageState<T>>({ status: 'loading' });
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  const reload = useCallback(
    async (quiet = false) => {
      if (!quiet) setState({ status: 'loading' });
      setState(await loadStaffPage(api, requested, (id, context) => fetchRef.current(id, context), process.env.TARO_ENV));
    },
    [requested],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  return { state, setState, reload };
}
