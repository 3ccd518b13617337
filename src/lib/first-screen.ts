/**
 * The first screen of someone who belongs to no estate yet: what 共议 does, in two plain sentences, and the
 * right first step for an owner (身份认证), a tenant or family member (住户登记) and a staff member
 * (输入邀请码). Legal grounds sit behind a “为什么” link (FIRST_SCREEN_TEXT.why), never in the main text.
 */
import { ADMIN_TEXT, INVITE_URL } from './admin-entry';
import { routeUrl } from './page-access';
import { ROUTES } from './workbench';
import type { VerifyMethod } from './identity-verify';

export const FIRST_SCREEN_TEXT = {
  title: '共议：小区的事，大家一起商量',
  /** exactly two sentences: verify as an owner, take part in decisions, follow requests */
  about: [
    '共议帮业主在手机上认证身份，一起讨论并表决小区的大事。',
    '报修、建议等诉求提交后，你可以随时看到办到了哪一步。',
  ],
  noEstate: '你还没有加入任何小区。请按你的身份选择第一步：',
  whyLabel: '为什么要认证业主身份？',
  why: [
    '小区的大事（例如使用维修资金、选聘物业、改建公共设施）要由业主共同决定，只有业主才能投票。',
    '依据：《中华人民共和国民法典》第二百七十八条（业主共同决定事项和表决规则）；最高人民法院《关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第九条（业主人数的计算）。',
  ],
} as const;

// keyed by the step, not by role: the server decides roles (types/permissions.ts)
export type FirstStepKey = 'verify' | 'register' | 'invite';

export interface FirstStep {
  key: FirstStepKey;
  /** who this step is for */
  who: string;
  /** one line: what happens */
  what: string;
  button: string;
  url: string;
  /** class of the button (the e2e journeys and a11y tests find them by it) */
  className: string;
}

/** The verification page opened on one way (`method`), e.g. 住户登记 for a tenant. */
export function verifyMethodUrl(method: VerifyMethod, estateId?: string): string {
  return routeUrl(ROUTES.verify, { estateId, method });
}

export function firstSteps(): FirstStep[] {
  return [
    {
      key: 'verify',
      who: '我是业主',
      what: '用房号、姓名和手机号与业主名册比对，认证后就能参加表决。',
      button: '身份认证',
      url: routeUrl(ROUTES.verify),
      className: 'go-verify',
    },
    {
      key: 'register',
      who: '我是租户或业主家属',
      what: '登记为住户后可以提交诉求、参与讨论，由社区工作人员确认。',
      button: '住户登记',
      url: verifyMethodUrl('resident'),
      className: 'go-resident',
    },
    {
      key: 'invite',
      who: '我是社区或物业的工作人员',
      what: ADMIN_TEXT.inviteEntryHint,
      button: ADMIN_TEXT.inviteEntry,
      url: INVITE_URL,
      className: 'go-invite',
    },
  ];
}
