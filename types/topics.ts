/**
 * Topic stages (issue 10, DOMAIN.md §4); the allowed moves between them live in the server core as data
 * (server/core/deliberation/topic.ts TOPIC_TRANSITIONS). No zod here: pages show the stage names on the first
 * screen (types/deliberation.ts re-exports them).
 */
export const TOPIC_STAGES = [
  'proposed',
  'returned',
  'consultation',
  'announced',
  'voting',
  'counting',
  'publication',
  'endorsement',
  'implementation',
  'closed',
  'withdrawn',
  'rejected',
] as const;
export type TopicStage = (typeof TOPIC_STAGES)[number];

export const TOPIC_STAGE_LABELS: Record<TopicStage, string> = {
  proposed: '待前置审查',
  returned: '退回修改',
  consultation: '协商议事',
  announced: '已公告',
  voting: '表决中',
  counting: '计票中',
  publication: '结果公示',
  endorsement: '社区确认',
  implementation: '实施中',
  closed: '已办结',
  withdrawn: '已撤回',
  rejected: '未予通过',
};

/** The main path a topic walks, in order (for the stage timeline); returned/withdrawn/rejected are side exits. */
export const TOPIC_MAIN_PATH: readonly TopicStage[] = [
  'proposed',
  'consultation',
  'announced',
  'voting',
  'counting',
  'publication',
  'endorsement',
  'implementation',
  'closed',
];

/** Stages after which nothing more happens. */
export const TOPIC_FINAL_STAGES: readonly TopicStage[] = ['closed', 'withdrawn', 'rejected'];

/** Stages in which the notice is frozen (the announcement exists and items can no longer change). */
export const TOPIC_FROZEN_STAGES: readonly TopicStage[] = [
  'announced',
  'voting',
  'counting',
  'publication',
  'endorsement',
  'implementation',
  'closed',
];

/** Who put a topic forward. */
export const PROPOSER_KINDS = ['owner', 'committee', 'party_branch'] as const;
export type ProposerKind = (typeof PROPOSER_KINDS)[number];
export const PROPOSER_KIND_LABELS: Record<ProposerKind, string> = {
  owner: '业主提议',
  committee: '业主委员会提议',
  party_branch: '党支部发起',
};

/** The moves a caller may make on a topic (getTopic returns the ones open to the caller as data). */
export const TOPIC_MOVES = [
  'resubmit',
  'accept',
  'return',
  'editItems',
  'publishPlan',
  'announce',
  'openVoting',
  'startCounting',
  'publish',
  'endorse',
  'implement',
  'close',
  'withdraw',
  'reject',
] as const;
export type TopicMove = (typeof TOPIC_MOVES)[number];
export const TOPIC_MOVE_LABELS: Record<TopicMove, string> = {
  resubmit: '修改后重新提交',
  accept: '审查通过，进入协商',
  return: '退回修改',
  editItems: '编辑表决事项',
  publishPlan: '发布方案新版本',
  announce: '发布表决公告',
  openVoting: '开启表决',
  startCounting: '结束表决，开始计票',
  publish: '公示结果',
  endorse: '社区确认',
  implement: '进入实施',
  close: '办结',
  withdraw: '撤回议题',
  reject: '不予通过',
};
