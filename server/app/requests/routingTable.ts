import type { RoutingTableInput, RoutingTableOutput } from '../../../types/requests';
import { allows } from '../../core/identity/permissions';
import type { ActionContext } from '../action';
import { currentRouting } from './routing-store';

/** `routingTable`: the estate's current routing table (the default, version 0, until staff save their own). */
export async function routingTable({ ports, member }: ActionContext, input: RoutingTableInput): Promise<RoutingTableOutput> {
  return { current: await currentRouting(ports.storage, input.estateId), canEdit: !!member && allows(member.roles, 'requests.manageRouting') };
}
