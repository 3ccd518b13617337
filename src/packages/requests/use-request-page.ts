import { useCallback, useEffect, useRef, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { api } from '../../api/client';
// mini-program: every page of this subpackage registers the requests contract for on-device validation (issue 9)
import './contract';
import { blockedView, routeParam, type BlockedView } from '../../lib/page-access';
import { apiError, type ApiResult } from '../../../types/errors';
import type { MeOutput } from '../../../types/identity';

export type Current = NonNullable<MeOutput['current']>;
export type RequestPageState<T> = { status: 'loading' } | { status: 'blocked'; view: BlockedView } | { status: 'ready'; current: Current; data: T };

/** Shown under a refusal: who can use the request pages. */
export const REQUESTS_FORBIDDEN_HINT = '业主完成身份认证、住户登记通过后，就能提交和查看自己的诉求。';

/**
 * Load a request page: who am I in which estate (the URL's estateId, else my current one), then the page's own read.
 * A refusal (a newcomer, an unknown request) becomes the page's 无权限 / not-found state, never a broken page.
 */
export function useRequestPage<T>(fetch: (current: Current, params: Record<string, string | undefined>) => Promise<ApiResult<T>>) {
  const router = useRouter();
  const params = router.params as Record<string, string | undefined>;
  const estateId = routeParam(params, 'estateId');
  const [state, setState] = useState<RequestPageState<T>>({ status: 'loading' });
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const paramsRef = useRef(params);
  paramsRef.current = params;

  const reload = useCallback(
    async (quiet = false) => {
      if (!quiet) setState({ status: 'loading' });
      const me = await api.identity.me(estateId ? { estateId } : {});
      const platform = process.env.TARO_ENV;
      if (!me.ok) return setState({ status: 'blocked', view: blockedView(me.error, platform, REQUESTS_FORBIDDEN_HINT) });
      const current = me.data.current;
      if (!current) return setState({ status: 'blocked', view: blockedView(apiError('NOT_A_MEMBER'), platform, REQUESTS_FORBIDDEN_HINT) });
      const res = await fetchRef.current(current, paramsRef.current);
      if (!res.ok) return setState({ status: 'blocked', view: blockedView(res.error, platform, REQUESTS_FORBIDDEN_HINT) });
      setState({ status: 'ready', current, data: res.data });
    },
    [estateId],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  return { state, setState, reload };
}
