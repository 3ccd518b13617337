import type { RoutingTableBody, RoutingTableVersion } from '../../../types/requests';
import { DEFAULT_ROUTING_VERSION } from '../../core/requests/routing';
import type { Storage, TxStore } from '../../ports';

/**
 * The estate's routing table versions (issue 12 item 2): one immutable document per version, id estate:version, so
 * two concurrent saves from the same base version both try to create the same id and the engine admits exactly one.
 * Version 0 is the built-in default and is never stored. A request remembers the version that routed it; later steps
 * (dispatch, escalation, reopening, the deadline job) read that version, never the newest.
 */
export const REQUEST_ROUTING = 'request_routing';
export interface RoutingDoc extends RoutingTableBody, Record<string, unknown> {
  estateId: string;
  versionNo: number;
  updatedAt: string;
  /** the saver's masked display name */
  updatedBy: string;
  note: string;
}

export const routingId = (estateId: string, versionNo: number) => `${estateId}:${String(versionNo).padStart(6, '0')}`;

const versionOf = (d: RoutingDoc): RoutingTableVersion & { note: string | null } => ({
  rules: d.rules, ladder: d.ladder, confirmDays: d.confirmDays, remindPercent: d.remindPercent,
  versionNo: d.versionNo, updatedAt: d.updatedAt, updatedBy: d.updatedBy, note: d.note,
});

/** The estate's current version: the stored one with the highest number, or the default (version 0). */
export async function currentRouting(storage: Storage, estateId: string): Promise<RoutingTableVersion & { note: string | null }> {
  const [latest] = await storage.find<RoutingDoc>(REQUEST_ROUTING, { where: { estateId }, orderBy: { field: 'versionNo', direction: 'desc' }, limit: 1 });
  return latest ? versionOf(latest.data) : { ...DEFAULT_ROUTING_VERSION, note: null };
}

/** A given version of the estate's table (0 = the default); a missing stored version is a broken invariant. */
export async function routingVersion(reader: Pick<TxStore, 'get'>, estateId: string, versionNo: number): Promise<RoutingTableVersion> {
  if (!versionNo) return DEFAULT_ROUTING_VERSION;
  const doc = await reader.get<RoutingDoc>(REQUEST_ROUTING, routingId(estateId, versionNo));
  if (!doc) throw new Error(`routing table ${estateId} v${versionNo} is missing`);
  return versionOf(doc.data);
}
