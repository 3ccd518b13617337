import type { TopicStage } from '../../../types/deliberation';

export const TOPICS = 'topics';

export type TopicScope = { kind: 'estate' } | { kind: 'buildings'; buildings: string[] };

export interface TopicDoc extends Record<string, unknown> {
  estateId: string;
  title: string;
  summary: string;
  stage: TopicStage;
  scope: TopicScope;
  openedAt: string;
  /** openid of the party secretary who opened it (audit trail); the UI shows the organisation */
  openedBy: string;
  openedByLabel: string;
}

export function scopeLabel(scope: TopicScope): string {
  return scope.kind === 'estate' ? '全体业主' : `${scope.buildings.map((b) => `${b}号楼`).join('、')}业主`;
}
