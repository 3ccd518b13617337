import { allows, type Permission } from '../../core/identity/permissions';
import { AppError } from '../../core/errors';
import type { Storage } from '../../ports';
import { MEMBERS, memberId, type MemberDoc } from './records';
import type { Caller } from '../../ports';

/**
 * The estate-scope check every action goes through: the caller must hold a role in THIS estate that
 * the permission table allows. Returns the membership so use cases need not load it again.
 */
export async function authorize(storage: Storage, caller: Caller, estateId: string, permission: Permission): Promise<MemberDoc> {
  const member = await storage.get<MemberDoc>(MEMBERS, memberId(estateId, caller.openid));
  if (!member) throw new AppError('NOT_A_MEMBER');
  if (!allows(member.data.roles, permission)) throw new AppError('FORBIDDEN');
  return member.data;
}
