/**
 * Routes of the identity pages and which entries each role sees on the home page.
 * The server checks every action's permission; this only decides what to offer, so nobody is shown
 * a button that can only answer "无权限".
 */
import type { Role } from '../../types/common';
import { allows } from '../../types/permissions';
import type { MeOutput } from '../../types/identity';
import { routeUrl } from './page-access';

export const ROUTES = {
  home: '/pages/home/index',
  verify: '/pages/identity/verify/index',
  unit: '/pages/identity/unit/index',
  staffRoster: '/packages/staff/identity/roster/index',
  staffReview: '/packages/staff/identity/review/index',
  staffMembers: '/packages/staff/identity/members/index',
  topics: '/pages/topics/index',
  topic: '/pages/topic/index',
  propose: '/packages/propose/index',
  organiser: '/packages/organiser/index',
  staffRules: '/packages/staff/deliberation/rules/index',
  staffPaper: '/packages/staff/voting/paper/index',
  staffMandates: '/packages/staff/voting/mandates/index',
  vote: '/packages/vote/index',
  myVotes: '/packages/vote/mine/index',
  /** the proxy's side of 委托投票 (no params): enter the code, vote within the instructions */
  proxyVote: '/packages/vote/mandate/index',
  /** 诉求工作台 and 诉求统计 (issue 12): the handler organisations' queues, the monthly figures */
  staffRequestQueue: '/packages/staff/requests/queue/index',
  staffRequestMetrics: '/packages/staff/requests/metrics/index',
  /** 诉求分派规则 (issue 12): the routing table, saved as versions by community staff */
  staffRequestRouting: '/packages/staff/requests/routing/index',
} as const;

// Who may do what comes from the one permission table (types/permissions.ts), the same the server enforces.
export const canImportRoster = (roles: readonly Role[]) => allows(roles, 'identity.importRoster');
export const canViewRoster = (roles: readonly Role[]) => allows(roles, 'identity.viewRoster');
export const canReview = (roles: readonly Role[]) => allows(roles, 'identity.reviewVerification');
export const canManageMembers = (roles: readonly Role[]) => allows(roles, 'identity.manageMembers');
export const canConfirmRoleGrants = (roles: readonly Role[]) => allows(roles, 'identity.confirmRoleGrant');
/** the party branch's console (议题工作台): pre-review, consultation summaries, announce, open voting */
export const canOrganiseTopics = (roles: readonly Role[]) =>
  allows(roles, 'deliberation.prereview') || allows(roles, 'deliberation.announce') || allows(roles, 'deliberation.openTopic');

/** 议事规则: the committee or community staff draft and activate them (never the property company) */
export const canManageRules = (roles: readonly Role[]) => allows(roles, 'deliberation.manageRules');

/** 纸质选票: deliver requested paper ballots, enter returned ones, review another staff member's entries */
export const canEnterPaper = (roles: readonly Role[]) => allows(roles, 'voting.enterPaper');

/** 委托书核验: check the written mandates of proxies (community staff, committee) */
export const canCheckMandates = (roles: readonly Role[]) => allows(roles, 'voting.checkMandate');

/** 诉求工作台: anyone who acts for a handler organisation (the server checks which queue: workQueue) */
export const canWorkRequests = (roles: readonly Role[]) => allows(roles, 'requests.handle');
/** 诉求统计: community and sub-district staff */
export const canViewRequestMetrics = (roles: readonly Role[]) => allows(roles, 'requests.viewMetrics');
/** 诉求分派规则: community staff edit the routing table */
export const canManageRouting = (roles: readonly Role[]) => allows(roles, 'requests.manageRouting');

export type WorkbenchKey = 'roster' | 'review' | 'members' | 'topics' | 'rules' | 'paper' | 'mandates' | 'requestQueue' | 'requestMetrics' | 'requestRouting';

export interface WorkbenchEntry {
  key: WorkbenchKey;
  title: string;
  description: string;
  url: string;
}

/** The "工作台" entries for these roles, in a fixed order; empty for residents and owners. */
export function workbenchEntries(roles: readonly Role[], estateId: string): WorkbenchEntry[] {
  const out: WorkbenchEntry[] = [];
  if (canViewRoster(roles)) {
    const importing = canImportRoster(roles);
    out.push({
      key: 'roster',
      title: importing ? '名册导入' : '业主名册',
      description: importing ? '下载模板、导入业主名册、查看版本' : '查看名册总面积、业主人数和版本记录',
      url: routeUrl(ROUTES.staffRoster, { estateId }),
    });
  }
  if (canReview(roles)) {
    out.push({
      key: 'review',
      title: '审核队列',
      description: '审核产权证和线下核验申请，解锁被锁定的账号',
      url: routeUrl(ROUTES.staffReview, { estateId }),
    });
  }
  if (canManageMembers(roles)) {
    out.push({
      key: 'members',
      title: '成员与角色',
      description: '授予或撤销角色、登记产权变更、指定表决权代表',
      url: routeUrl(ROUTES.staffMembers, { estateId }),
    });
  } else if (canConfirmRoleGrants(roles)) {
    // sub-district staff: the same page, only its pending grants of sensitive roles
    out.push({
      key: 'members',
      title: '角色授予确认',
      description: '确认或拒绝居委会、街道和党支部书记角色的授予',
      url: routeUrl(ROUTES.staffMembers, { estateId }),
    });
  }
  if (canManageRules(roles)) {
    out.push({
      key: 'rules',
      title: '议事规则',
      description: '查看现行议事规则，起草修订、预览差异后启用新版本',
      url: routeUrl(ROUTES.staffRules, { estateId }),
    });
  }
  if (canOrganiseTopics(roles)) {
    out.push({
      key: 'topics',
      title: '议题工作台',
      description: '前置审查业主提议、查看协商情况、发布表决公告',
      url: routeUrl(ROUTES.organiser, { estateId }),
    });
  }
  if (canEnterPaper(roles)) {
    out.push({
      key: 'paper',
      title: '纸质选票',
      description: '送达业主申请的纸质选票，录入交回的选票，复核他人的录入',
      url: routeUrl(ROUTES.staffPaper, { estateId }),
    });
  }
  if (canCheckMandates(roles)) {
    out.push({
      key: 'mandates',
      title: '委托书核验',
      description: '核验业主委托他人投票的书面委托书，通过或说明理由退回',
      url: routeUrl(ROUTES.staffMandates, { estateId }),
    });
  }
  if (canWorkRequests(roles)) {
    out.push({
      key: 'requestQueue',
      title: '诉求工作台',
      description: '本单位的待办诉求、已超时和今日到期的诉求',
      url: routeUrl(ROUTES.staffRequestQueue, { estateId }),
    });
  }
  if (canViewRequestMetrics(roles)) {
    out.push({
      key: 'requestMetrics',
      title: '诉求统计',
      description: '各办理单位每月的响应率、解决率、满意率和排名，可导出表格',
      url: routeUrl(ROUTES.staffRequestMetrics, { estateId }),
    });
  }
  if (canManageRouting(roles)) {
    out.push({
      key: 'requestRouting',
      title: '诉求分派规则',
      description: '每类诉求派给哪个单位、响应和解决时限、超时升级顺序；修改保存为新版本',
      url: routeUrl(ROUTES.staffRequestRouting, { estateId }),
    });
  }
  return out;
}

export function topicsUrl(estateId: string): string {
  return routeUrl(ROUTES.topics, { estateId });
}

export function topicUrl(estateId: string, topicId: string): string {
  return routeUrl(ROUTES.topic, { estateId, topicId });
}

/** The owner's 投票 page for a topic (a unit preselected when given). */
export function voteUrl(estateId: string, topicId: string, unitId?: string): string {
  return routeUrl(ROUTES.vote, unitId ? { estateId, topicId, unitId } : { estateId, topicId });
}

export function myVotesUrl(estateId: string): string {
  return routeUrl(ROUTES.myVotes, { estateId });
}

/**
 * The "身份认证" entry: everyone who is not yet a verified owner sees it, including a newcomer with no
 * estate at all (the only way in for them). Owners get a quieter link to verify another unit.
 */
export function verifyEntry(me: Pick<MeOutput, 'current'>): 'primary' | 'secondary' {
  if (!me.current) return 'primary';
  // a seller whose unit was just unlinked is told why on the unit list; a big "去认证" would only end in a refusal
  const formerOwner = me.current.units.length === 0 && me.current.formerUnits.length > 0;
  return me.current.roles.includes('owner') || formerOwner ? 'secondary' : 'primary';
}

export function verifyUrl(estateId?: string): string {
  return routeUrl(ROUTES.verify, { estateId });
}

export function unitUrl(estateId: string, unitId: string): string {
  return routeUrl(ROUTES.unit, { estateId, unitId });
}
