import type { UpdateRoutingTableInput, UpdateRoutingTableOutput } from '../../../types/requests';
import { AppError } from '../../core/errors';
import { validateRoutingTable } from '../../core/requests/routing';
import { DuplicateKeyError } from '../../ports';
import type { ActionContext } from '../action';
import { appendAudit } from '../audit/log';
import { currentRouting, REQUEST_ROUTING, routingId, type RoutingDoc } from './routing-store';

/**
 * `updateRoutingTable`: community staff save a new version of the routing table. The table must pass
 * validateRoutingTable (every category × location kind once, limits in order, a ladder that ends); the new version's
 * id is estate:(base + 1), so an editor who started from an older version, or who lost a race with another save from
 * the same version, hits the primary key and is told the version moved (ROUTING_VERSION_MOVED). Old versions are
 * never changed: requests already filed keep the version that routed them.
 */
export async function updateRoutingTable({ ports, caller, member }: ActionContext, input: UpdateRoutingTableInput): Promise<UpdateRoutingTableOutput> {
  const { storage, clock, crypto } = ports;
  const problem = validateRoutingTable(input.table);
  if (problem) throw new AppError(problem.code as never, problem.params as never);
  const moved = async () => new AppError('ROUTING_VERSION_MOVED', { version: (await currentRouting(storage, input.estateId)).versionNo });
  const current = await currentRouting(storage, input.estateId);
  if (current.versionNo !== input.baseVersionNo) throw await moved();
  const versionNo = input.baseVersionNo + 1;
  const doc: RoutingDoc = {
    estateId: input.estateId,
    versionNo,
    rules: input.table.rules,
    ladder: input.table.ladder,
    confirmDays: input.table.confirmDays,
    remindPercent: input.table.remindPercent,
    updatedAt: clock.now().toISOString(),
    updatedBy: member?.displayName ?? '',
    note: input.note,
  };
  try {
    await storage.transaction(async (tx) => {
      await tx.create<RoutingDoc>(REQUEST_ROUTING, routingId(input.estateId, versionNo), doc);
      await appendAudit(tx, { clock, crypto }, {
        estateId: input.estateId,
        actor: caller.openid,
        action: 'request.routing_saved',
        subject: `request_routing/${routingId(input.estateId, versionNo)}`,
        data: { versionNo, baseVersionNo: input.baseVersionNo, note: input.note, rules: input.table.rules.length, ladder: input.table.ladder.map((s) => `${s.org}>${s.next ?? ''}`) },
      });
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw await moved();
    throw err;
  }
  return { versionNo };
}
