/**
 * The party branch's console (议题工作台): proposals waiting for pre-review, topics in consultation with their
 * summaries (owners' stances apart from residents'), announced topics waiting for their window, and the
 * unanswered questions. Plain TypeScript; the page in packages/organiser stays thin.
 */
import type { ApiError } from '../../types/errors';
import type { TopicSummary } from '../../types/deliberation';
import type { ConsultationSummariesOutput, DiscussionSummary, StanceCounts, UnansweredQuestion } from '../../types/deliberation-discussion';
import { formatShanghai } from '../../types/time';
import type { DeliberationApi } from './topic-detail';

export const ORGANISER_TEXT = {
  prereviewTitle: '待前置审查的提议',
  prereviewEmpty: '没有等待审查的提议。',
  consultationTitle: '协商中的议题',
  consultationEmpty: '没有正在协商的议题。',
  announcedTitle: '已公告、等待表决的议题',
  announcedEmpty: '没有已公告的议题。',
  unansweredTitle: '还没回答的提问',
  unansweredEmpty: '所有提问都已回答。',
  returnedTitle: '已退回、等待提议人修改',
  handle: '处理',
  close: '收起',
  open: '查看议题',
  openTopic: '直接发起议题',
  votingOpens: (day: string) => `${day}起可以开启表决`,
};

const stanceText = (s: StanceCounts) => `支持 ${s.support} · 反对 ${s.oppose} · 建议 ${s.suggest}`;

export interface SummaryLines {
  owners: string;
  residents: string | null;
  questions: string;
  reports: string | null;
}

/** The consultation summary of one topic in short lines (residents' stances apart: they never count in a vote). */
export function summaryLines(s: DiscussionSummary | undefined): SummaryLines {
  if (!s) return { owners: '业主意见：暂无', residents: null, questions: '提问：暂无', reports: null };
  const residents = s.residentStances.support + s.residentStances.oppose + s.residentStances.suggest;
  return {
    owners: `业主意见：${stanceText(s.stances)}`,
    residents: residents > 0 ? `住户意见（不计入表决）：${stanceText(s.residentStances)}` : null,
    questions: `提问 ${s.questions} 个，其中 ${s.unanswered} 个还没回答`,
    reports: s.reportsPending > 0 ? `${s.reportsPending} 条评论被举报，待处理` : null,
  };
}

export interface ConsoleRow {
  topic: TopicSummary;
  lines: SummaryLines;
  /** announced: from which day voting may open */
  opensLine: string | null;
}

export interface ConsoleView {
  prereview: ConsoleRow[];
  returned: ConsoleRow[];
  consultation: ConsoleRow[];
  announced: ConsoleRow[];
  unanswered: { commentId: string; topicId: string; topicTitle: string; text: string; author: string; time: string }[];
}

export function consoleView(topics: readonly TopicSummary[], summaries: ConsultationSummariesOutput | null): ConsoleView {
  const byTopic = new Map((summaries?.topics ?? []).map((s) => [s.topicId, s]));
  const row = (t: TopicSummary): ConsoleRow => ({
    topic: t,
    lines: summaryLines(byTopic.get(t.topicId)),
    opensLine: t.votingOpensAt ? ORGANISER_TEXT.votingOpens(formatShanghai(t.votingOpensAt, 'M月D日')) : null,
  });
  const titles = new Map(topics.map((t) => [t.topicId, t.title]));
  return {
    prereview: topics.filter((t) => t.stage === 'proposed').map(row),
    returned: topics.filter((t) => t.stage === 'returned').map(row),
    consultation: topics.filter((t) => t.stage === 'consultation').map(row),
    announced: topics.filter((t) => t.stage === 'announced').map(row),
    unanswered: (summaries?.unanswered ?? []).map((q: UnansweredQuestion) => ({
      commentId: q.commentId,
      topicId: q.topicId,
      topicTitle: titles.get(q.topicId) ?? '',
      text: q.text,
      author: q.authorLabel,
      time: formatShanghai(q.createdAt),
    })),
  };
}

export type ConsoleState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  /** summaries: false for a committee member (the summaries are the party branch's: deliberation.prereview) */
  | { status: 'ready'; view: ConsoleView; summariesError: ApiError | null; summaries: boolean };

export async function loadConsole(api: DeliberationApi, estateId: string): Promise<ConsoleState> {
  const [topics, summaries] = await Promise.all([api.deliberation.listTopics({ estateId }), api.deliberation.consultationSummaries({ estateId })]);
  if (!topics.ok) return { status: 'error', error: topics.error };
  const forbidden = !summaries.ok && summaries.error.code === 'FORBIDDEN';
  return {
    status: 'ready',
    view: consoleView(topics.data.topics, summaries.ok ? summaries.data : null),
    summariesError: summaries.ok || forbidden ? null : summaries.error,
    summaries: !forbidden,
  };
}
