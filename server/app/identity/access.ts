import { allows, type Permission } from '../../core/identity/permissions';
import { AppError } from '../../core/errors';
import type { Caller, Storage } from '../../ports';
import { MEMBERS, memberId, type MemberDoc } from './records';

/**
 * The estate-scope check the handler runs for every action whose contract requires 'member' or a
 * permission: the caller must hold a role in THIS estate (that the permission table allows).
 * Returns the membership so use cases need not load it again.
 */
export async function authorize(storage: Storage, caller: Caller, estateId: string, access: Permission | 'member'): Promise<MemberDoc> {
  const member = await storage.get<MemberDoc>(MEMBERS, memberId(estateId, caller.openid));
  if (!member) throw new AppError('NOT_A_MEMBER');
  if (access !== 'member' && !allows(member.data.roles, access)) throw new AppError('FORBIDDEN');
  return member.data;
}
