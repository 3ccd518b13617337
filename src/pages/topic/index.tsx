import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { api } from '../../api/client';
import { BlockedBlock, ErrorState, LoadingBlock } from '../../components/page-states';
import { PageRoot } from '../../components/page-root';
import { TopicMoves } from '../../components/topic-moves';
import { asChoice, AppButton, Card, ProgressBar, StageTimeline, StatusChip, WhyDisclosure } from '../../components/ui';
import { TextComposer } from '../../components/text-composer';
import { TurnoutPanel } from './turnout-panel';
import { VoteEntry } from './vote-entry';
import { blockedView, routeParam } from '../../lib/page-access';
import { ROUTES, topicsUrl } from '../../lib/workbench';
import { stageTone } from '../../lib/status-tone';
import {
  commentRows,
  headerView,
  loadDetail,
  petitionBars,
  planView,
  TOPIC_TEXT,
  voteCard,
  voteSentence,
  type CommentRow,
  type DetailState,
} from '../../lib/topic-detail';
import { PETITION_THRESHOLD, stageLabel } from '../../lib/topic-view';
import { COMMENT_STANCES, COMMENT_STANCE_LABELS, REPORT_REASONS, REPORT_REASON_LABELS, type CommentStance } from '../../../types/deliberation-labels';
import type { PetitionView } from '../../../types/deliberation-discussion';
import type { TopicDetail } from '../../../types/deliberation';
import type { TopicStage } from '../../../types/topics';
import { ResultPanel } from './result-panel';
import './index.css';

type Ready = Extract<DetailState, { status: 'ready' }>;

export default function TopicPage() {
  const router = useRouter();
  const estateId = routeParam(router.params, 'estateId') ?? '';
  const topicId = routeParam(router.params, 'topicId') ?? '';
  const [state, setState] = useState<DetailState>({ status: 'loading' });
  const load = useCallback(async () => setState(await loadDetail(api, estateId, topicId)), [estateId, topicId]);
  useEffect(() => {
    // a message names the page but not the topic: the list of topics, where the new step shows
    if (!topicId) void Taro.redirectTo({ url: estateId ? topicsUrl(estateId) : ROUTES.topics });
    else void load();
  }, [load, estateId, topicId]);
  useDidShow(() => {
    if (state.status === 'ready') void load();
  });

  return (
    <PageRoot className='page topic-page'>
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'error' && <BlockedBlock view={blockedView(state.error, process.env.TARO_ENV)} onRetry={() => void load()} />}
      {state.status === 'ready' && <TopicView state={state} estateId={estateId} reload={() => void load()} />}
    </PageRoot>
  );
}

function TopicView({ state, estateId, reload }: { state: Ready; estateId: string; reload: () => void }) {
  const { topic } = state.detail;
  const nowIso = new Date().toISOString();
  return (
    <View>
      <HeaderCard topic={topic} />
      <VoteCard topic={topic} nowIso={nowIso} estateId={estateId} refreshKey={state.detail} />
      {topic.stage === 'voting' && <TurnoutPanel estateId={estateId} topicId={topic.topicId} scopeLabel={topic.announcement?.scopeLabel ?? topic.scopeLabel} refreshKey={state.detail} />}
      <ResultPanel estateId={estateId} detail={state.detail} canClose={state.detail.moves.includes('startCounting')} onChange={reload} />
      <PlanCard topic={topic} />
      {state.petition && <PetitionCard estateId={estateId} topicId={topic.topicId} petition={state.petition} onChange={reload} />}
      <TopicMoves estateId={estateId} detail={state.detail} onDone={reload} />
      <DiscussionCard state={state} estateId={estateId} reload={reload} />
    </View>
  );
}

function HeaderCard({ topic }: { topic: TopicDetail }) {
  const h = headerView(topic);
  return (
    <Card className='topic-header'>
      <View className='topic-head'>
        <Text className='topic-title'>{h.title}</Text>
        <StatusChip tone={stageTone(h.stage as TopicStage)} className={`topic-stage stage-${h.stage}`}>
          {stageLabel(h.stage)}
        </StatusChip>
      </View>
      <Text className='topic-meta text-secondary'>{`${h.scopeLabel} · ${h.openedBy} · ${h.openedOn}`}</Text>
      <Text className='topic-summary'>{h.summary}</Text>
      {h.lastNote && <Text className='topic-last-note'>{h.lastNote}</Text>}
      <StageTimeline steps={h.timeline} className='topic-timeline' />
    </Card>
  );
}

function VoteCard({ topic, nowIso, estateId, refreshKey }: { topic: TopicDetail; nowIso: string; estateId: string; refreshKey: unknown }) {
  const v = voteCard(topic, nowIso);
  return (
    <Card title={TOPIC_TEXT.voteTitle} className='vote-card'>
      {topic.stage === 'voting' && <VoteEntry estateId={estateId} topicId={topic.topicId} refreshKey={refreshKey} />}
      {/* before the notice one sentence says it all; after it, the frozen facts one per line (no repetition) */}
      {!v.announced && <Text className='vote-sentence'>{voteSentence(v)}</Text>}
      {v.announced && (
        <View className='vote-facts'>
          <Text className='vote-window'>{v.window}</Text>
          <Text className='vote-voters'>{v.voters}</Text>
          <Text className='vote-notice text-secondary'>{v.notice}</Text>
          <Text className='vote-channels text-secondary'>{v.channels}</Text>
          <Text className='vote-rules text-secondary'>{v.rules}</Text>
          <Text className='vote-bases text-secondary'>{v.bases}</Text>
        </View>
      )}
      <Text className='items-title'>{TOPIC_TEXT.itemsTitle}</Text>
      {v.items.map((it, i) => (
        <View key={it.itemId} className='vote-item'>
          <View className='item-head'>
            <Text className='item-title'>{`${i + 1}. ${it.title}`}</Text>
            <StatusChip tone='info' className='item-matter'>
              {it.matterShort}
            </StatusChip>
          </View>
          {it.description !== '' && <Text className='item-description'>{it.description}</Text>}
          <Text className='item-threshold-label'>{TOPIC_TEXT.passRule}</Text>
          <Text className='item-threshold'>{it.thresholdText}</Text>
          <WhyDisclosure label='依据' className='item-basis'>
            <Text>{`《民法典》第二百七十八条：${it.matterLabel}。`}</Text>
          </WhyDisclosure>
        </View>
      ))}
    </Card>
  );
}

function PlanCard({ topic }: { topic: TopicDetail }) {
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [compare, setCompare] = useState(false);
  const p = planView(topic.plans, version);
  return (
    <Card title={TOPIC_TEXT.planTitle} className='plan-card'>
      {!p.selected && <Text className='hint'>{TOPIC_TEXT.noPlan}</Text>}
      {p.versions.length > 1 && (
        <View className='plan-versions choice-pills' role='radiogroup'>
          {p.versions.map((o) => (
            <Text
              key={o.version}
              className={`plan-version choice-pill plan-version-${o.version}${o.version === p.selected?.version ? ' chosen' : ''}`}
              {...asChoice('radio', o.version === p.selected?.version)}
              onClick={() => setVersion(o.version)}
            >
              {o.label}
            </Text>
          ))}
        </View>
      )}
      {p.selected && (
        <View>
          {p.selected.changeNote !== '' && <Text className='plan-change-note'>{`${TOPIC_TEXT.changeNote}${p.selected.changeNote}`}</Text>}
          {p.diff && (
            <AppButton size='small' className='toggle-diff' onClick={() => setCompare((c) => !c)}>
              {compare ? TOPIC_TEXT.hideCompare : TOPIC_TEXT.compare}
            </AppButton>
          )}
          {compare && p.diff ? (
            <View className='plan-diff'>
              {p.diff.map((d, i) => (
                <Text key={i} className={`diff-line diff-${d.kind}`}>
                  {d.kind === 'added' ? `【${TOPIC_TEXT.added}】` : d.kind === 'removed' ? `【${TOPIC_TEXT.removed}】` : ''}
                  {d.text}
                </Text>
              ))}
            </View>
          ) : (
            <Text className='plan-text'>{p.selected.text}</Text>
          )}
        </View>
      )}
    </Card>
  );
}

function PetitionCard({ estateId, topicId, petition, onChange }: { estateId: string; topicId: string; petition: PetitionView; onChange: () => void }) {
  const b = petitionBars(petition);
  const [message, setMessage] = useState<string | null>(null);
  const act = async (withdraw: boolean) => {
    const res = withdraw ? await api.deliberation.withdrawCosign({ estateId, topicId }) : await api.deliberation.cosignPetition({ estateId, topicId });
    if (res.ok) onChange();
    else setMessage(res.error.message);
  };
  return (
    <Card title={TOPIC_TEXT.petitionTitle} className='petition-card'>
      <Text className='hint'>{b.reached ? TOPIC_TEXT.petitionReached : TOPIC_TEXT.petitionHint}</Text>
      <ProgressBar className='petition-area' caption={TOPIC_TEXT.areaCaption} value={b.area.value} total={b.area.total} threshold={PETITION_THRESHOLD} />
      <ProgressBar className='petition-headcount' caption={TOPIC_TEXT.headcountCaption} value={b.headcount.value} total={b.headcount.total} threshold={PETITION_THRESHOLD} />
      {b.signedUnits.length > 0 && <Text className='petition-mine text-secondary'>{`我已联名：${b.signedUnits.join('、')}`}</Text>}
      {b.canSign && (
        <AppButton kind='primary' className='cosign' onClick={() => void act(false)}>
          {TOPIC_TEXT.cosign}
        </AppButton>
      )}
      {b.canWithdraw && (
        <AppButton kind='secondary' className='withdraw-cosign' onClick={() => void act(true)}>
          {TOPIC_TEXT.withdrawCosign}
        </AppButton>
      )}
      {message && <Text className='field-error' {...{ role: 'alert' }}>{message}</Text>}
    </Card>
  );
}

type Composer = { kind: 'comment' | 'question'; stance: CommentStance; text: string } | { kind: 'answer' | 'hide' | 'report'; commentId: string; text: string };

function DiscussionCard({ state, estateId, reload }: { state: Ready; estateId: string; reload: () => void }) {
  const topicId = state.detail.topic.topicId;
  const [composer, setComposer] = useState<Composer | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const can = state.comments?.can;
  const rows = state.comments ? commentRows(state.comments) : [];

  const send = (c: Composer, reportReason?: (typeof REPORT_REASONS)[number]) => {
    const d = api.deliberation;
    const ref = { estateId, topicId };
    if (!('commentId' in c)) return c.kind === 'comment' ? d.addComment({ ...ref, stance: c.stance, comment: c.text }) : d.askQuestion({ ...ref, question: c.text });
    if (c.kind === 'answer') return d.answerQuestion({ ...ref, commentId: c.commentId, answer: c.text });
    if (c.kind === 'hide') return d.hideComment({ ...ref, commentId: c.commentId, reason: c.text });
    return d.reportComment({ ...ref, commentId: c.commentId, reportReason: reportReason ?? 'other' });
  };
  const submit = async (c: Composer, reportReason?: (typeof REPORT_REASONS)[number]) => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    const res = await send(c, reportReason);
    setBusy(false);
    if (res.ok) {
      setComposer(null);
      reload();
    } else setMessage(res.error.fields?.map((f) => f.message).join('；') || res.error.message);
  };
  const open = (c: Composer) => {
    setMessage(null);
    void api.preload('deliberation');
    setComposer(c);
  };

  return (
    <Card title={TOPIC_TEXT.discussionTitle} className='discussion-card'>
      {state.commentsError && <ErrorState message={state.commentsError.message} onRetry={reload} />}
      {(can?.comment || can?.ask) && (composer === null || composer.kind === 'answer' || composer.kind === 'hide' || composer.kind === 'report') && (
        <View className='compose-buttons'>
          {can?.comment && (
            <AppButton kind='primary' className='open-comment' onClick={() => open({ kind: 'comment', stance: 'support', text: '' })}>
              {TOPIC_TEXT.comment}
            </AppButton>
          )}
          {can?.ask && (
            <AppButton kind='secondary' className='open-question' onClick={() => open({ kind: 'question', stance: 'support', text: '' })}>
              {TOPIC_TEXT.ask}
            </AppButton>
          )}
        </View>
      )}
      {composer && (composer.kind === 'comment' || composer.kind === 'question') && (
        <TextComposer
          className={`composer composer-${composer.kind}`}
          label={composer.kind === 'comment' ? TOPIC_TEXT.comment : TOPIC_TEXT.ask}
          showLabel
          value={composer.text}
          maxlength={composer.kind === 'comment' ? 1000 : 500}
          placeholder={composer.kind === 'comment' ? TOPIC_TEXT.commentPlaceholder : TOPIC_TEXT.questionPlaceholder}
          busy={busy}
          submitText={TOPIC_TEXT.submit}
          cancelText={TOPIC_TEXT.cancel}
          onInput={(text) => setComposer({ ...composer, text })}
          onSubmit={() => void submit(composer)}
          onCancel={() => setComposer(null)}
        >
          {composer.kind === 'comment' && (
            <View className='stance-choices choice-pills' role='radiogroup' aria-label='态度'>
              {COMMENT_STANCES.map((s) => (
                <Text key={s} className={`stance-choice choice-pill stance-${s}${composer.stance === s ? ' chosen' : ''}`} {...asChoice('radio', composer.stance === s)} onClick={() => setComposer({ ...composer, stance: s })}>
                  {COMMENT_STANCE_LABELS[s]}
                </Text>
              ))}
            </View>
          )}
        </TextComposer>
      )}
      {message && <Text className='field-error discussion-error' {...{ role: 'alert' }}>{message}</Text>}
      {rows.length === 0 && !state.commentsError && <Text className='hint no-comments'>{TOPIC_TEXT.noComments}</Text>}
      {rows.map((r) => (
        <CommentItem key={r.commentId} row={r} composer={composer} busy={busy} setComposer={open} submit={submit} cancel={() => setComposer(null)} />
      ))}
    </Card>
  );
}

function CommentItem(props: {
  row: CommentRow;
  composer: Composer | null;
  busy: boolean;
  setComposer: (c: Composer) => void;
  submit: (c: Composer, reason?: (typeof REPORT_REASONS)[number]) => Promise<void>;
  cancel: () => void;
}) {
  const { row: r, composer } = props;
  const mine = composer && 'commentId' in composer && composer.commentId === r.commentId ? composer : null;
  return (
    <View className={`comment-item${r.isQuestion ? ' is-question' : ''}${r.hiddenNotice ? ' is-hidden' : ''}`}>
      <View className='comment-head'>
        {r.chip && (
          <StatusChip tone={r.chip.tone} className='comment-chip'>
            {r.chip.label}
          </StatusChip>
        )}
        <Text className='comment-author'>{r.author}</Text>
        {r.resident && (
          <StatusChip tone='neutral' className='resident-mark'>
            {TOPIC_TEXT.residentMark}
          </StatusChip>
        )}
      </View>
      {r.text !== null && <Text className='comment-text'>{r.text}</Text>}
      {r.hiddenNotice && <Text className='comment-hidden'>{r.hiddenNotice}</Text>}
      {r.answer && (
        <View className='comment-answer'>
          <Text className='answer-by'>{r.answerBy}</Text>
          <Text className='answer-text'>{r.answer}</Text>
        </View>
      )}
      {r.awaitingAnswer && <Text className='awaiting-answer text-secondary'>{TOPIC_TEXT.awaitingAnswer}</Text>}
      <Text className='comment-time text-secondary'>{r.time}</Text>
      {!mine && (r.canAnswer || r.canReport || r.canHide) && (
        <View className='comment-actions'>
          {r.canAnswer && (
            <AppButton size='small' kind='primary' className='answer-question' onClick={() => props.setComposer({ kind: 'answer', commentId: r.commentId, text: '' })}>
              {TOPIC_TEXT.answer}
            </AppButton>
          )}
          {r.canReport && (
            <AppButton size='small' className='report-comment' onClick={() => props.setComposer({ kind: 'report', commentId: r.commentId, text: '' })}>
              {TOPIC_TEXT.report}
            </AppButton>
          )}
          {r.canHide && (
            <AppButton size='small' kind='danger' className='hide-comment' onClick={() => props.setComposer({ kind: 'hide', commentId: r.commentId, text: '' })}>
              {TOPIC_TEXT.hide}
            </AppButton>
          )}
        </View>
      )}
      {r.reported && <Text className='reported text-secondary'>{TOPIC_TEXT.reported}</Text>}
      {mine && mine.kind === 'report' && (
        <View className='report-reasons'>
          {REPORT_REASONS.map((reason) => (
            <AppButton key={reason} size='small' className={`report-${reason}`} disabled={props.busy} onClick={() => void props.submit(mine, reason)}>
              {REPORT_REASON_LABELS[reason]}
            </AppButton>
          ))}
          <AppButton size='small' kind='secondary' className='cancel-report' onClick={props.cancel}>
            {TOPIC_TEXT.cancel}
          </AppButton>
        </View>
      )}
      {mine && (mine.kind === 'answer' || mine.kind === 'hide') && (
        <TextComposer
          className={`composer composer-${mine.kind}`}
          label={mine.kind === 'answer' ? TOPIC_TEXT.answer : TOPIC_TEXT.hide}
          value={mine.text}
          maxlength={mine.kind === 'answer' ? 2000 : 200}
          placeholder={mine.kind === 'answer' ? TOPIC_TEXT.answerPlaceholder : TOPIC_TEXT.hidePlaceholder}
          busy={props.busy}
          submitText={TOPIC_TEXT.submit}
          cancelText={TOPIC_TEXT.cancel}
          onInput={(text) => props.setComposer({ ...mine, text })}
          onSubmit={() => void props.submit(mine)}
          onCancel={props.cancel}
        />
      )}
    </View>
  );
}
