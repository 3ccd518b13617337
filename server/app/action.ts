import type { FieldLabels } from '../../types/errors';
import type { Caller, Ports } from '../ports';

/** Minimal structural view of a zod (or zod/mini) schema, so actions can use either. */
export interface InputSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: unknown[] } };
}

export interface ActionContext {
  ports: Ports;
  caller: Caller;
  /** the raw event, for platform-decrypted top-level fields (CloudID open data); never for identity */
  event: Record<string, unknown>;
}

export interface ActionDef<I, O> {
  input: InputSchema<I>;
  /** Chinese field names for validation messages */
  labels?: FieldLabels;
  run(ctx: ActionContext, input: I): Promise<O>;
}

/** Helper that keeps input and output types tied together at the definition site. */
export function defineAction<I, O>(def: ActionDef<I, O>): ActionDef<I, O> {
  return def;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionTable = Record<string, ActionDef<any, any>>;
