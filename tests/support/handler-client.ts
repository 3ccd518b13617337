import type { ApiResult } from '../../types/errors';
import type { CloudFunctionMain } from '../../server/app/handler';
import { as } from './ports';

/** The data of a successful reply; a refusal fails the test with its code and message. */
export const ok = <T>(r: ApiResult<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.data;
};

/** The data of a reply still on its way (`await okOf(call(...))`); a refusal fails the test with its code, message and fields. */
export async function okOf<T>(p: Promise<ApiResult<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.fields ?? [])}`);
  return r.data;
}

/** The error of a reply that must be a refusal; a success fails the test with what came back. */
export async function refusalOf(p: Promise<ApiResult<unknown>>) {
  const r = await p;
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.data)}`);
  return r.error;
}

/** Call one cloud function's handler as a logged-in openid (identity from the context, never the event). */
export const callerOf =
  (main: CloudFunctionMain) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async (openid: string, action: string, input: unknown = {}): Promise<ApiResult<any>> =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (await main({ action, input }, as(openid))) as ApiResult<any>;

/**
 * A member's key on 成员与角色 (identity.listMembers as community staff), looked up by masked display name on every
 * page: the demo seed has more members than one page holds, and a role narrows a masked name several share (吴*).
 */
export async function memberKeyOf(
  call: (openid: string, action: string, input: unknown) => Promise<ApiResult<{ members: { displayName: string; memberKey: string }[]; next: string | null }>>,
  name: string,
  options: { role?: string; by?: string } = {},
): Promise<string> {
  let cursor: string | undefined;
  for (;;) {
    const list = ok(await call(options.by ?? 'demo-community-staff', 'listMembers', { estateId: 'hemu', ...(options.role ? { role: options.role } : {}), ...(cursor ? { cursor } : {}) }));
    const found = list.members.find((m) => m.displayName === name);
    if (found) return found.memberKey;
    if (!list.next) throw new Error(`no member ${name}`);
    cursor = list.next;
  }
}
