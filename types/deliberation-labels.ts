/**
 * The deliberation contract's constants and field labels that pages show: choices of a comment's stance and of a
 * report's reason, and the field labels of the topics and discussion parts. No zod here (tests/unit/contract.test.ts),
 * so a main-package page (the topic page, src/lib/topic-detail.ts) can show them without carrying the schemas:
 * on the mini-program every module a main page imports is in the main package (issue 9: ≤ 600 KB).
 * types/deliberation.ts and types/deliberation-discussion.ts build their schemas from these and re-export them.
 */

export const COMMENT_STANCES = ['support', 'oppose', 'suggest'] as const;
export type CommentStance = (typeof COMMENT_STANCES)[number];
export const COMMENT_STANCE_LABELS: Record<CommentStance, string> = { support: '支持', oppose: '反对', suggest: '建议' };

export const REPORT_REASONS = ['abuse', 'privacy', 'advertising', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  abuse: '人身攻击或辱骂',
  privacy: '泄露他人隐私',
  advertising: '广告或营销',
  off_topic: '与议题无关',
  other: '其他',
};

/** deliberation contract, discussion part: field labels */
export const discussionLabels = {
  commentId: '评论',
  comment: '评论内容',
  stance: '态度',
  question: '问题',
  answer: '回答',
  reportReason: '举报原因',
  filter: '筛选',
  cursor: '翻页位置',
  limit: '每页条数',
};

/** deliberation contract, topics part: field labels */
export const topicLabels = {
  title: '标题',
  summary: '说明',
  scope: '范围',
  items: '表决事项',
  description: '事项说明',
  matter: '事项类型',
  buildings: '楼栋',
  petition: '业主联名提议',
  decision: '审查结论',
  text: '方案内容',
  changeNote: '修改说明',
  attachments: '附件',
  votingOpensOn: '表决开始日期',
  votingDays: '表决天数',
  move: '下一步',
  topicId: '议题',
  expectedVersion: '版本',
  stage: '阶段',
};
