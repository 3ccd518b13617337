import { formatShanghai } from './time';

/**
 * Notifications as data: every kind the product sends, who receives it, what it says (Chinese templates with
 * `{param}` placeholders), which page it opens and which WeChat subscription template carries it.
 *
 * The server writes a kind and its typed params into the outbox (server/app/notifications/outbox.ts) in the
 * transaction of the event that causes it; the delivery job turns it into an inbox message (消息) and, on
 * CloudBase, a subscription message. Use cases never build the sentences: renderNotification() does, from here.
 */

/**
 * How a param is shown: text as is, an ISO instant in Beijing time, a count as a number. A 'ref' is never shown:
 * it is an id the opened page needs (estateId, topicId) and goes into the page's query (notificationPage()).
 */
export type ParamKind = 'text' | 'instant' | 'count' | 'ref';

/**
 * Who receives a kind:
 * - estate_staff: every community_staff member of the estate (read before the event's transaction);
 * - co_owners:    the co-owners of the unit whose confirmation is needed / who are affected;
 * - organisers:   the estate's party secretary and owners' committee members (read before the event's transaction);
 * - applicant:    the person whose request or account was decided;
 * - scope_owners: the owners of the units a topic's vote covers;
 * - requester:    the person who filed a request (诉求), told of every step others take on it;
 * - request_holder: the members acting for the organisation a request reaches (its role holders, read before the
 *   step's transaction), told when it reaches them and before its limit.
 */
export type Audience = 'estate_staff' | 'co_owners' | 'applicant' | 'organisers' | 'scope_owners' | 'requester' | 'request_holder';

/**
 * The WeChat subscription templates the mini-program uses. A request dialog may ask for at most 3 templates
 * (DOMAIN.md §7), so every kind maps onto one of these three. Each template's id is chosen in the WeChat admin
 * console (公共模板库) and set per deployment in the env var `configKey`; a template without an id leaves its
 * kinds inbox-only. `keywords` are the template's fields with their WeChat value type, which limits the value:
 * thing ≤ 20 characters, phrase ≤ 5 Chinese characters, time "2026年11月23日 10:00".
 */
export const SUBSCRIPTION_TEMPLATES = {
  staff_review: {
    configKey: 'GONGYI_WX_TEMPLATE_STAFF_REVIEW',
    label: '待审核提醒',
    keywords: { thing1: 'thing', thing2: 'thing', time3: 'time' },
  },
  representative_confirm: {
    configKey: 'GONGYI_WX_TEMPLATE_REPRESENTATIVE',
    label: '待确认提醒',
    keywords: { thing1: 'thing', thing2: 'thing', time3: 'time' },
  },
  decision_result: {
    configKey: 'GONGYI_WX_TEMPLATE_DECISION',
    label: '审核结果通知',
    keywords: { thing1: 'thing', phrase2: 'phrase', thing3: 'thing', time4: 'time' },
  },
} as const satisfies Record<string, { configKey: string; label: string; keywords: Record<string, 'thing' | 'phrase' | 'time'> }>;

export type SubscriptionKey = keyof typeof SUBSCRIPTION_TEMPLATES;
export const SUBSCRIPTION_KEYS = Object.keys(SUBSCRIPTION_TEMPLATES) as SubscriptionKey[];
export { MAX_TEMPLATES_PER_REQUEST } from './subscription-limits';

/** Limits of WeChat's keyword value types (subscribeMessage.send 参数值内容限制). */
export const KEYWORD_LIMITS = { thing: 20, phrase: 5, time: 30 } as const;

interface KindDef {
  audience: Audience;
  params: Record<string, ParamKind>;
  title: string;
  body: string;
  /** mini-program page the message (and the WeChat card) opens, without a leading slash */
  page: string;
  /** the subscription template that carries it, and its keyword values ({param} and {at} placeholders) */
  wechat: { template: SubscriptionKey; data: Record<string, string> };
  /** shown on the staff workbench badge */
  staff?: true;
}

const REVIEW_PAGE = 'packages/staff/identity/review/index';
const UNIT_PAGE = 'pages/identity/unit/index';
const VERIFY_PAGE = 'pages/identity/verify/index';
const MEMBERS_PAGE = 'packages/staff/identity/members/index';
const HOME_PAGE = 'pages/home/index';
const ROSTER_PAGE = 'packages/staff/identity/roster/index';
const TOPIC_PAGE = 'pages/topic/index';
const REQUEST_PAGE = 'packages/requests/detail/index';
/** the refs and texts every request kind carries: which request (opened by the message) and its category label */
const REQ = { estateId: 'ref', requestId: 'ref', category: 'text' } as const;

export const NOTIFICATION_KINDS = {
  verification_locked: {
    audience: 'estate_staff',
    staff: true,
    params: { unit: 'text', until: 'instant' },
    title: '有住户核验被锁定',
    body: '{unit} 的住户核验连续失败，已锁定至 {until}。请在审核队列查看，可解锁或引导其上传产权证、到社区线下核验。',
    page: REVIEW_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '核验失败次数过多已锁定', thing2: '{unit}', time3: '{at}' } },
  },
  certificate_review_pending: {
    audience: 'estate_staff',
    staff: true,
    params: { unit: 'text' },
    title: '新的产权证审核',
    body: '{unit} 提交了不动产权证照片，等待审核。',
    page: REVIEW_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '产权证待审核', thing2: '{unit}', time3: '{at}' } },
  },
  offline_check_pending: {
    audience: 'estate_staff',
    staff: true,
    params: { unit: 'text' },
    title: '新的线下核验申请',
    body: '{unit} 申请到社区线下核验，请在其到场时核对材料和核验码。',
    page: REVIEW_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '线下核验待处理', thing2: '{unit}', time3: '{at}' } },
  },
  resident_claim_pending: {
    audience: 'estate_staff',
    staff: true,
    params: { unit: 'text' },
    title: '新的住户身份申请',
    body: '{unit} 有租户或家庭成员申请住户身份，等待确认。',
    page: REVIEW_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '住户身份待确认', thing2: '{unit}', time3: '{at}' } },
  },
  representative_proposed: {
    audience: 'co_owners',
    params: { unit: 'text', proposed: 'text' },
    title: '请确认表决权代表',
    body: '{unit} 的共有人提议由 {proposed} 代表这套房屋投票，需要你确认。',
    page: UNIT_PAGE,
    wechat: { template: 'representative_confirm', data: { thing1: '表决权代表待你确认', thing2: '{unit}', time3: '{at}' } },
  },
  representative_confirmed: {
    audience: 'applicant',
    params: { unit: 'text', representative: 'text' },
    title: '表决权代表已确认',
    body: '{unit} 的共有人已全部确认，现由 {representative} 代表这套房屋投票。',
    page: UNIT_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '表决权代表变更', phrase2: '已确认', thing3: '{unit}', time4: '{at}' } },
  },
  representative_declined: {
    audience: 'applicant',
    params: { unit: 'text', proposed: 'text' },
    title: '表决权代表变更未通过',
    body: '{unit} 有共有人不同意由 {proposed} 代表这套房屋投票，变更没有生效。可以和共有人商量后重新提议，或请社区居委会决定。',
    page: UNIT_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '表决权代表变更', phrase2: '未通过', thing3: '{unit}', time4: '{at}' } },
  },
  representative_withdrawn: {
    audience: 'co_owners',
    params: { unit: 'text', proposed: 'text' },
    title: '表决权代表变更已撤回',
    body: '{unit} 由 {proposed} 代表投票的提议已被提议人撤回，不再需要你确认；表决权代表没有变化。',
    page: UNIT_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '表决权代表变更', phrase2: '已撤回', thing3: '{unit}', time4: '{at}' } },
  },
  representative_decided: {
    audience: 'co_owners',
    params: { unit: 'text', representative: 'text', reason: 'text' },
    title: '社区已决定表决权代表',
    body: '社区工作人员决定由 {representative} 代表 {unit} 投票。理由：{reason}',
    page: UNIT_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '表决权代表由社区决定', phrase2: '已决定', thing3: '{unit}', time4: '{at}' } },
  },
  verification_approved: {
    audience: 'applicant',
    params: { unit: 'text' },
    title: '身份申请已通过',
    body: '你提交的 {unit} 身份申请已通过审核。',
    page: UNIT_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '身份认证', phrase2: '已通过', thing3: '{unit}', time4: '{at}' } },
  },
  verification_rejected: {
    audience: 'applicant',
    params: { unit: 'text', reason: 'text' },
    title: '身份申请未通过',
    body: '你提交的 {unit} 身份申请未通过。理由：{reason}。你可以修改后重新提交，或到社区线下核验。',
    page: VERIFY_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '身份认证', phrase2: '未通过', thing3: '{reason}', time4: '{at}' } },
  },
  verification_unlocked: {
    audience: 'applicant',
    params: { unit: 'text' },
    title: '身份核验已解锁',
    body: '社区工作人员已解除你的核验锁定（{unit}），你可以重新核验。',
    page: VERIFY_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '身份核验锁定', phrase2: '已解锁', thing3: '{unit}', time4: '{at}' } },
  },
  role_grant_pending: {
    audience: 'estate_staff',
    staff: true,
    params: { role: 'text', member: 'text', reason: 'text' },
    title: '有角色授予待确认',
    body: '有工作人员提议授予 {member}「{role}」角色，理由：{reason}。需要另一位工作人员或街道确认后才生效。',
    page: MEMBERS_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '角色授予待确认', thing2: '{member} {role}', time3: '{at}' } },
  },
  role_granted: {
    audience: 'applicant',
    params: { role: 'text', member: 'text' },
    title: '角色授予已生效',
    body: '{member} 的「{role}」角色已经第二人确认，现已生效。',
    page: HOME_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '角色授予', phrase2: '已生效', thing3: '{role}', time4: '{at}' } },
  },
  role_grant_rejected: {
    audience: 'applicant',
    params: { role: 'text', member: 'text', reason: 'text' },
    title: '角色授予未获确认',
    body: '你提议授予 {member} 的「{role}」角色未获确认。理由：{reason}',
    page: MEMBERS_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '角色授予', phrase2: '未确认', thing3: '{reason}', time4: '{at}' } },
  },
  role_revoked: {
    audience: 'applicant',
    params: { role: 'text', reason: 'text' },
    title: '你的角色已被撤销',
    body: '社区工作人员撤销了你的「{role}」角色。理由：{reason}。如有疑问请联系社区居委会。',
    page: HOME_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '角色撤销', phrase2: '已撤销', thing3: '{role}', time4: '{at}' } },
  },
  invited_role_pending: {
    audience: 'estate_staff',
    staff: true,
    params: { role: 'text', member: 'text' },
    title: '有邀请码角色待确认',
    body: '{member} 使用管理员签发的邀请码申请「{role}」角色，需要另一位工作人员或街道确认后才生效。请在“成员与角色”中确认或拒绝。',
    page: MEMBERS_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '邀请码角色待确认', thing2: '{member} {role}', time3: '{at}' } },
  },
  invited_role_rejected: {
    audience: 'applicant',
    params: { role: 'text', reason: 'text' },
    title: '邀请码角色未获确认',
    body: '你通过邀请码申请的「{role}」角色未获确认。理由：{reason}。如有疑问请联系社区居委会。',
    page: HOME_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '邀请码角色', phrase2: '未确认', thing3: '{reason}', time4: '{at}' } },
  },
  staff_joined: {
    audience: 'estate_staff',
    staff: true,
    params: { role: 'text', member: 'text' },
    title: '有新的工作人员加入',
    body: '{member} 使用管理员签发的邀请码加入小区，角色：{role}。如不认识此人，请在“成员与角色”中撤销该角色并联系管理员。',
    page: MEMBERS_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '新工作人员加入', thing2: '{member} {role}', time3: '{at}' } },
  },
  ownership_superseded: {
    audience: 'co_owners',
    params: { unit: 'text' },
    title: '房屋产权已变更',
    body: '社区工作人员已确认 {unit} 的产权变更（新业主已通过认证），你的账号不再代表这套房屋核验和投票。如有异议，请尽快联系社区居委会。',
    page: HOME_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '房屋产权变更', phrase2: '已变更', thing3: '{unit}', time4: '{at}' } },
  },
  roster_review_pending: {
    audience: 'estate_staff',
    staff: true,
    params: { version: 'count', items: 'count' },
    title: '名册复核待处理',
    body: '名册第 {version} 版改变或移除了 {items} 套房屋的业主，相关的已认证账号需要复核。请在名册页面的复核清单中逐一处理。',
    page: ROSTER_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '名册复核待处理', thing2: '第{version}版 {items}套房屋', time3: '{at}' } },
  },
  topic_announced: {
    audience: 'estate_staff',
    staff: true,
    params: { estateId: 'ref', topicId: 'ref', title: 'text', scope: 'text', opensAt: 'instant', closesAt: 'instant' },
    title: '表决公告已发布',
    body: '议题“{title}”已发布表决公告（{scope}），表决时间为 {opensAt} 至 {closesAt}。请社区居委会知悉并做好公告张贴。',
    page: TOPIC_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '表决公告已发布', thing2: '{title}', time3: '{opensAt}' } },
  },
  topic_announced_owner: {
    audience: 'scope_owners',
    params: { estateId: 'ref', topicId: 'ref', title: 'text', scope: 'text', opensAt: 'instant', closesAt: 'instant' },
    title: '有新的表决公告',
    body: '议题“{title}”将由{scope}表决，表决时间为 {opensAt} 至 {closesAt}。可以在议题页面查看表决事项、方案和表决规则。',
    page: TOPIC_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{title}', phrase2: '已公告', thing3: '{scope}', time4: '{opensAt}' } },
  },
  topic_returned: {
    audience: 'applicant',
    params: { estateId: 'ref', topicId: 'ref', title: 'text' },
    title: '你的提议被退回修改',
    body: '你提出的议题“{title}”经党支部前置审查后退回修改，请在议题页面查看退回理由，修改后可以重新提交。',
    page: TOPIC_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{title}', phrase2: '退回修改', thing3: '请查看退回理由', time4: '{at}' } },
  },
  question_answered: {
    audience: 'applicant',
    params: { estateId: 'ref', topicId: 'ref', title: 'text' },
    title: '你的提问有了回答',
    body: '你在议题“{title}”中的提问已由议题发起人回答，可以在议题页面查看。',
    page: TOPIC_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{title}', phrase2: '已回答', thing3: '你的提问有了回答', time4: '{at}' } },
  },
  petition_reached: {
    audience: 'organisers',
    params: { estateId: 'ref', topicId: 'ref', title: 'text' },
    title: '业主联名已达到 20%',
    body: '业主联名提议“{title}”的联名业主已达到专有部分面积和人数各 20%（指导规则第二十一条），业主委员会应当组织召开业主大会临时会议，党支部不能退回或不予通过。',
    page: TOPIC_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '业主联名已达20%', thing2: '{title}', time3: '{at}' } },
  },
  // ── requests (诉求, issue 12): the requester hears of every step others take; the holder when it reaches them ──
  request_dispatched: {
    audience: 'requester',
    params: { ...REQ, holder: 'text', reason: 'text' },
    title: '你的诉求已派单',
    body: '社区已把你提交的{category}诉求派给{holder}办理。理由：{reason}',
    page: REQUEST_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{category}诉求', phrase2: '已派单', thing3: '由{holder}办理', time4: '{at}' } },
  },
  request_contacted: {
    audience: 'requester',
    params: { ...REQ, holder: 'text' },
    title: '办理单位已联系你',
    body: '{holder}已就你提交的{category}诉求联系你，正在办理。',
    page: REQUEST_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{category}诉求', phrase2: '已联系', thing3: '{holder}正在办理', time4: '{at}' } },
  },
  request_extended: {
    audience: 'requester',
    params: { ...REQ, holder: 'text', resolveBy: 'instant', reason: 'text' },
    title: '你的诉求办理时限已延长',
    body: '{holder}把你的{category}诉求的办结时限延长到 {resolveBy}。理由：{reason}',
    page: REQUEST_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{category}诉求', phrase2: '已延期', thing3: '{reason}', time4: '{at}' } },
  },
  request_handled: {
    audience: 'requester',
    params: { ...REQ, holder: 'text', result: 'text', confirmBy: 'instant' },
    title: '你的诉求已办理，请确认并评价',
    body: '{holder}已办理你的{category}诉求：{result}。请在 {confirmBy} 前确认并评价（满意、基本满意或不满意）；逾期未确认将自动办结，不计为满意。',
    page: REQUEST_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{category}诉求', phrase2: '待评价', thing3: '{result}', time4: '{at}' } },
  },
  request_escalated: {
    audience: 'requester',
    params: { ...REQ, holder: 'text', respondBy: 'instant' },
    title: '你的诉求已升级办理',
    body: '原办理单位没有在时限内办理你的{category}诉求，现已升级由{holder}办理，应在 {respondBy} 前联系你。',
    page: REQUEST_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{category}诉求', phrase2: '已升级', thing3: '由{holder}办理', time4: '{at}' } },
  },
  request_reopened: {
    audience: 'requester',
    params: { ...REQ, holder: 'text', respondBy: 'instant' },
    title: '你的诉求已转上一级重新办理',
    body: '你对{category}诉求的办理结果不满意，现已转由{holder}重新办理，应在 {respondBy} 前联系你。',
    page: REQUEST_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{category}诉求', phrase2: '重新办理', thing3: '由{holder}办理', time4: '{at}' } },
  },
  request_closed_by_timeout: {
    audience: 'requester',
    params: { ...REQ },
    title: '你的诉求已自动办结',
    body: '你的{category}诉求办理后在确认期限内没有确认，已自动办结（不计为满意）。',
    page: REQUEST_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{category}诉求', phrase2: '自动办结', thing3: '超过确认期限未确认', time4: '{at}' } },
  },
  request_referred_out: {
    audience: 'requester',
    params: { ...REQ, referredTo: 'text' },
    title: '你的诉求已转交其他单位',
    body: '你的{category}诉求不属于小区办理单位的职责，已转交{referredTo}。',
    page: REQUEST_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{category}诉求', phrase2: '已转交', thing3: '{referredTo}', time4: '{at}' } },
  },
  request_marked_duplicate: {
    audience: 'requester',
    params: { ...REQ },
    title: '你的诉求与已有诉求重复',
    body: '你的{category}诉求与另一条诉求是同一件事，已合并办理，可以在诉求详情中查看。',
    page: REQUEST_PAGE,
    wechat: { template: 'decision_result', data: { thing1: '{category}诉求', phrase2: '重复诉求', thing3: '已合并办理', time4: '{at}' } },
  },
  request_assigned: {
    audience: 'request_holder',
    staff: true,
    params: { ...REQ, holder: 'text', respondBy: 'instant', resolveBy: 'instant' },
    title: '有新的诉求待{holder}办理',
    body: '一条{category}诉求派给了{holder}：请在 {respondBy} 前联系诉求人，{resolveBy} 前办理完毕。',
    page: REQUEST_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '新诉求待办理', thing2: '{category}诉求', time3: '{respondBy}' } },
  },
  request_escalated_to: {
    audience: 'request_holder',
    staff: true,
    params: { ...REQ, holder: 'text', respondBy: 'instant', resolveBy: 'instant' },
    title: '有超时诉求升级到{holder}',
    body: '一条{category}诉求的原办理单位超过时限没有办理，已升级到{holder}：请在 {respondBy} 前联系诉求人，{resolveBy} 前办理完毕。',
    page: REQUEST_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '超时诉求已升级', thing2: '{category}诉求', time3: '{respondBy}' } },
  },
  request_reopened_to: {
    audience: 'request_holder',
    staff: true,
    params: { ...REQ, holder: 'text', respondBy: 'instant', resolveBy: 'instant' },
    title: '有诉求转到{holder}重新办理',
    body: '诉求人对一条{category}诉求的办理结果不满意，已转由{holder}重新办理：请在 {respondBy} 前联系诉求人，{resolveBy} 前办理完毕。',
    page: REQUEST_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '不满意诉求重新办理', thing2: '{category}诉求', time3: '{respondBy}' } },
  },
  request_response_due: {
    audience: 'request_holder',
    staff: true,
    params: { ...REQ, holder: 'text', deadline: 'instant' },
    title: '诉求即将超过响应时限',
    body: '{holder}办理的一条{category}诉求应在 {deadline} 前联系诉求人，逾期将自动升级到上一级。',
    page: REQUEST_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '诉求即将超过响应时限', thing2: '{category}诉求', time3: '{deadline}' } },
  },
  request_resolution_due: {
    audience: 'request_holder',
    staff: true,
    params: { ...REQ, holder: 'text', deadline: 'instant' },
    title: '诉求即将超过办结时限',
    body: '{holder}办理的一条{category}诉求应在 {deadline} 前办理完毕，逾期将自动升级到上一级。',
    page: REQUEST_PAGE,
    wechat: { template: 'staff_review', data: { thing1: '诉求即将超过办结时限', thing2: '{category}诉求', time3: '{deadline}' } },
  },
} as const satisfies Record<string, KindDef>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

type ParamValue<K extends ParamKind> = K extends 'count' ? number : string;
/** The typed params of a kind: `{ unit: string; until: string }` for verification_locked. */
export type NotificationParams<K extends NotificationKind> = {
  -readonly [P in keyof (typeof NOTIFICATION_KINDS)[K]['params']]: ParamValue<(typeof NOTIFICATION_KINDS)[K]['params'][P] & ParamKind>;
};

/** Kinds shown on the staff workbench badge. */
export const STAFF_KINDS = NOTIFICATION_KIND_NAMES.filter((k) => 'staff' in NOTIFICATION_KINDS[k]);

function fill(template: string, kind: NotificationKind, params: Record<string, unknown>, at: string, instant: (iso: string) => string): string {
  const specs = NOTIFICATION_KINDS[kind].params as Record<string, ParamKind>;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'at') return instant(at);
    const value = params[name];
    if (value === undefined || value === null || value === '') return '';
    return specs[name] === 'instant' ? instant(String(value)) : String(value);
  });
}

/**
 * The page a kind's message (and its WeChat card) opens, with the kind's 'ref' params as its query:
 * `pages/topic/index?estateId=e1&topicId=t1`. Refs missing from an old message are left out.
 */
export function notificationPage(kind: NotificationKind, params: Record<string, unknown>): string {
  const def = NOTIFICATION_KINDS[kind];
  const refs = Object.entries(def.params as Record<string, ParamKind>)
    .filter(([name, k]) => k === 'ref' && typeof params[name] === 'string' && params[name] !== '')
    .map(([name]) => `${name}=${encodeURIComponent(String(params[name]))}`);
  return refs.length ? `${def.page}?${refs.join('&')}` : def.page;
}

/** Title and body in Chinese, from the kind's templates. `at` is when the event happened. */
export function renderNotification(kind: NotificationKind, params: Record<string, unknown>, at: string): { title: string; body: string } {
  const def = NOTIFICATION_KINDS[kind];
  const instant = (iso: string) => formatShanghai(iso);
  return { title: fill(def.title, kind, params, at, instant), body: fill(def.body, kind, params, at, instant) };
}

/** Cut a value to a keyword type's limit (counted in characters, as WeChat counts them). */
function clip(value: string, type: 'thing' | 'phrase' | 'time'): string {
  const chars = Array.from(value.trim());
  const max = KEYWORD_LIMITS[type];
  if (chars.length <= max) return chars.join('');
  return type === 'thing' ? `${chars.slice(0, max - 1).join('')}…` : chars.slice(0, max).join('');
}

/**
 * The subscription message's `data` for a kind: `{ thing1: { value }, time3: { value } }`, each value within its
 * keyword type's limit, times as "2026年11月23日 10:00" (Beijing). Empty values become "—" (WeChat rejects "").
 */
export function subscriptionData(kind: NotificationKind, params: Record<string, unknown>, at: string): Record<string, { value: string }> {
  const def = NOTIFICATION_KINDS[kind];
  const keywords = SUBSCRIPTION_TEMPLATES[def.wechat.template].keywords as Record<string, 'thing' | 'phrase' | 'time'>;
  const instant = (iso: string) => formatShanghai(iso, 'YYYY年M月D日 HH:mm');
  const out: Record<string, { value: string }> = {};
  for (const [keyword, template] of Object.entries(def.wechat.data as Record<string, string>)) {
    const type = keywords[keyword];
    out[keyword] = { value: clip(fill(template, kind, params, at, instant), type) || '—' };
  }
  return out;
}
