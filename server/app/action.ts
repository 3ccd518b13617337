import type { ActionContract, AnyAction, AnyCapability, OutputOf, ParsedInputOf } from '../../types/contract';
import type { FieldLabels } from '../../types/errors';
import type { Caller, Ports } from '../ports';
import type { MemberDoc } from './identity/records';

export interface ActionContext {
  ports: Ports;
  caller: Caller;
  /**
   * The caller's membership in input.estateId, loaded by the handler when the action's contract requires
   * 'member' or a permission (null for 'signedIn' actions).
   */
  member: MemberDoc | null;
  /** the raw event, for platform-decrypted top-level fields (CloudID open data); never for identity */
  event: Record<string, unknown>;
}

/** A use case for one contract action: validated, normalised input in, the contract's output out. */
export type Handler<A> = (ctx: ActionContext, input: ParsedInputOf<A>) => Promise<OutputOf<A>>;

/** Exactly one handler per action of the capability (a missing or an extra one is a type error). */
export type Handlers<C extends AnyCapability> = { [K in keyof C['actions']]: Handler<C['actions'][K]> };

export interface ImplementedAction {
  contract: ActionContract;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run: (ctx: ActionContext, input: any) => Promise<unknown>;
}

/** A capability's server side: its contract with a use case behind every action. */
export interface Implementation {
  name: string;
  labels: FieldLabels;
  actions: Record<string, ImplementedAction>;
}

/**
 * Bind a capability contract to its use cases: `implement(identity, { me, estateDirectory, ... })`.
 * The action table the cloud function serves is derived from the contract, never listed by hand.
 */
export function implement<C extends AnyCapability, H extends Handlers<C>>(
  capability: C,
  handlers: H & Record<Exclude<keyof H, keyof C['actions']>, never>,
): Implementation {
  const actions: Record<string, ImplementedAction> = {};
  for (const [name, contract] of Object.entries(capability.actions as Record<string, AnyAction>)) {
    const run = (handlers as Record<string, ImplementedAction['run'] | undefined>)[name];
    if (typeof run !== 'function') throw new Error(`${capability.name}.${name} has no handler`);
    actions[name] = { contract, run };
  }
  const extra = Object.keys(handlers).filter((k) => !(k in capability.actions));
  if (extra.length) throw new Error(`${capability.name}: handlers without a contract action: ${extra.join(', ')}`);
  return { name: capability.name, labels: capability.labels, actions };
}
