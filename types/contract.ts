import type * as z from 'zod/mini';
import type { ErrorCode, FieldLabels } from './errors';
import type { Permission } from './permissions';

/**
 * The contract pattern: one definition per action, per capability. Both the server's action table
 * (server/app/action.ts `implement`) and the client facade (src/lib/api-core.ts `createApi`) are derived
 * from it, and so are docs/api.md and the cloud-function list.
 *
 *   export const identity = defineCapability('identity', {
 *     labels: { name: '姓名', ... },                   // ONE label table per capability
 *     actions: {
 *       me: action<MeOutput>()({ input: MeInputSchema, access: 'signedIn', scope: 'none' }),
 *       listMembers: action<ListMembersOutput>()({
 *         input: EstateOnlySchema, access: 'identity.manageMembers', scope: 'estate', errors: [...] }),
 *     },
 *   });
 */

/**
 * Who may call an action:
 * - 'signedIn': any logged-in account (me, estateDirectory, starting a verification);
 * - 'member': any role in the estate named by input.estateId;
 * - a Permission (types/permissions.ts): a role in that estate that the permission table admits;
 * - 'admin': a deployment administrator named by configuration (GONGYI_ADMIN_OPENIDS), whatever their roles
 *   (types/admin.ts); nobody else, in no estate.
 * The generic handler enforces 'member' and permissions before the use case runs; use cases keep the
 * finer checks (unit ownership, co-ownership).
 */
export type Access = 'signedIn' | 'member' | 'admin' | Permission;

/**
 * What the action acts on, for the authorization matrix:
 * - 'none': the caller's own account, no estate (me, estateDirectory, uploadTicket);
 * - 'estate': the estate in input.estateId;
 * - 'unit': a unit (input.unitId) in the estate input.estateId, normally one of the caller's own.
 */
export type Scope = 'none' | 'estate' | 'unit';

/** What each scope requires the (parsed) input to carry. */
export type ScopeInput<S extends Scope> = S extends 'unit' ? { estateId: string; unitId: string } : S extends 'estate' ? { estateId: string } : unknown;

export interface ActionContract<S extends z.ZodMiniType = z.ZodMiniType, O = unknown> {
  readonly input: S;
  readonly access: Access;
  readonly scope: Scope;
  /** codes this action's use case may refuse with, beyond the generic ones (for docs and tests) */
  readonly errors: readonly ErrorCode[];
  /** one line for docs/api.md */
  readonly summary: string;
  /**
   * input fields naming files the caller uploaded (a fileId or a list of them): when the action is refused
   * for any reason (validation, access, the use case), the handler deletes those files (server/app/upload-records.ts)
   */
  readonly uploads?: readonly string[];
  /** phantom: carries the output type, never set at runtime */
  readonly __output?: O;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAction = ActionContract<any, any>;
/** What the client sends (before the schema's normalisation). */
export type InputOf<A> = A extends ActionContract<infer S, unknown> ? z.input<S> : never;
/** What the use case receives (after validation and normalisation). */
export type ParsedInputOf<A> = A extends ActionContract<infer S, unknown> ? z.output<S> : never;
export type OutputOf<A> = A extends ActionContract<z.ZodMiniType, infer O> ? O : never;

/**
 * Declare one action: `action<Output>()({ input, access, scope })`. The output is named explicitly,
 * the input type comes from the schema; estate- and unit-scoped actions must have an estateId (and unitId)
 * in their input, and only 'signedIn' and 'admin' actions may have scope 'none'.
 */
export function action<O>() {
  return <Sc extends Scope, S extends z.ZodMiniType<ScopeInput<Sc>>>(def: {
    input: S;
    access: Sc extends 'none' ? 'signedIn' | 'admin' : Access;
    scope: Sc;
    errors?: readonly ErrorCode[];
    summary: string;
    uploads?: readonly string[];
  }): ActionContract<S, O> => ({ errors: [], ...def });
}

/** Labels every capability shares (written once). */
export const SHARED_FIELD_LABELS: FieldLabels = {
  estateId: '小区',
  unitId: '房屋',
  memberKey: '成员',
  requestId: '申请',
  reason: '理由',
  note: '备注',
};

export interface Capability<N extends string = string, A extends Record<string, AnyAction> = Record<string, AnyAction>> {
  readonly name: N;
  /** shared labels merged with the capability's own */
  readonly labels: FieldLabels;
  readonly actions: A;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCapability = Capability<string, Record<string, any>>;

export function defineCapability<const N extends string, A extends Record<string, AnyAction>>(
  name: N,
  def: { labels: FieldLabels; actions: A },
): Capability<N, A> {
  return { name, labels: { ...SHARED_FIELD_LABELS, ...def.labels }, actions: def.actions };
}

/** Names of a capability's actions, in declaration order. */
export const actionNames = <C extends AnyCapability>(capability: C) => Object.keys(capability.actions) as (keyof C['actions'] & string)[];
