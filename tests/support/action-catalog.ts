/**
 * Every action of every capability, from the contract (types/capabilities.ts), with the cloud function that
 * serves it. The fuzz test and the authorization matrix iterate this, so an action added to a contract is
 * covered by both without a new test. Also: a database snapshot through the storage port, engine-neutral.
 */
import { COLLECTIONS } from '../../server/app/collections';
import type { CloudFunctionMain } from '../../server/app/handler';
import { CLOUD_FUNCTIONS } from '../../server/gateway/functions';
import type { Storage } from '../../server/ports';
import { CAPABILITIES } from '../../types/capabilities';
import type { AnyAction } from '../../types/contract';
import type { ZodLike } from './schema-arbitraries';

export interface CatalogAction {
  capability: string;
  action: string;
  contract: AnyAction;
  input: ZodLike;
  main: CloudFunctionMain;
}

export const ACTION_CATALOG: CatalogAction[] = CAPABILITIES.flatMap((capability) => {
  const main = (CLOUD_FUNCTIONS as Record<string, CloudFunctionMain | undefined>)[capability.name];
  if (!main) throw new Error(`capability ${capability.name} has no cloud function in server/gateway/functions.ts`);
  return Object.entries(capability.actions as Record<string, AnyAction>).map(([action, contract]) => ({
    capability: capability.name,
    action,
    contract,
    input: contract.input as unknown as ZodLike,
    main,
  }));
});

/** Every document of every collection as `id@version` (a create, update or delete changes it), plus counts. */
export interface DbSnapshot {
  counts: Record<string, number>;
  /** documents of the audit collections (events, links, entries, anchors, heads) */
  auditLength: number;
  docs: Record<string, string[]>;
}

export async function snapshotDb(storage: Storage): Promise<DbSnapshot> {
  const counts: Record<string, number> = {};
  const docs: Record<string, string[]> = {};
  let auditLength = 0;
  for (const { name } of COLLECTIONS) {
    counts[name] = await storage.count(name);
    docs[name] = (await storage.find(name)).map((d) => `${d.id}@${d.version}`).sort();
    if (name.startsWith('audit_')) auditLength += counts[name];
  }
  return { counts, auditLength, docs };
}
