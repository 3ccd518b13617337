import type { GetRulesInput, GetRulesOutput } from '../../../types/deliberation-rules';
import { allows } from '../../core/identity/permissions';
import { AppError } from '../../core/errors';
import type { ActionContext } from '../action';
import { ESTATES } from '../identity/records';
import { activeVersion, defaultView, draftView, RULES_DRAFTS, RULES_VERSIONS, versionView, type RulesDraftDoc, type RulesVersionDoc } from './rules-store';

/** Versions shown in the history (newest first); older ones stay stored and audited. */
export const RULES_HISTORY_LIMIT = 50;
/** Drafts an estate keeps open at most. */
export const RULES_MAX_DRAFTS = 5;

/**
 * `getRules`: any member reads the estate's active rules of procedure (or the default template) and the versions
 * they replaced (owners may demand the rules, SPC Art. 13, DOMAIN §4); those who manage the rules also see the
 * open drafts. Reads: the head and active version by id, one query for the history, one for the drafts.
 */
export async function getRules({ ports, member }: ActionContext, input: GetRulesInput): Promise<GetRulesOutput> {
  const { storage, crypto } = ports;
  const canManage = !!member && allows(member.roles, 'deliberation.manageRules');
  const [estate, current, versions, drafts] = await Promise.all([
    storage.get(ESTATES, input.estateId),
    activeVersion(storage, input.estateId),
    storage.find<RulesVersionDoc>(RULES_VERSIONS, {
      where: { estateId: input.estateId },
      orderBy: { field: 'versionNo', direction: 'desc' },
      limit: RULES_HISTORY_LIMIT + 1,
    }),
    canManage
      ? storage.find<RulesDraftDoc>(RULES_DRAFTS, { where: { estateId: input.estateId, status: 'draft' }, orderBy: { field: 'updatedAt', direction: 'desc' }, limit: RULES_MAX_DRAFTS })
      : Promise.resolve([]),
  ]);
  if (!estate) throw new AppError('ESTATE_NOT_FOUND');
  const activeNo = current?.head.data.activeVersionNo ?? 0;
  // a version was superseded when the next one was activated
  const activatedAtOf = new Map(versions.map((v) => [v.data.versionNo, v.data.activatedAt]));
  const viewOf = (d: RulesVersionDoc) => versionView(d, activeNo, d.versionNo < activeNo ? (activatedAtOf.get(d.versionNo + 1) ?? null) : null);
  return {
    active: current ? viewOf(current.version.data) : defaultView(crypto),
    history: versions.filter((v) => v.data.versionNo < activeNo).slice(0, RULES_HISTORY_LIMIT).map((v) => viewOf(v.data)),
    drafts: drafts.map((d) => draftView(d.id, d.data)),
    canManage,
  };
}
