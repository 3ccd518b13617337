import { useCallback, useEffect, useReducer, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { api } from '../../api/client';
import { BlockedBlock, LoadingBlock } from '../../components/page-states';
import { PageRoot } from '../../components/page-root';
import { asChoice, AppButton, Card, ListRow, StatusChip } from '../../components/ui';
import { blockedView, routeParam } from '../../lib/page-access';
import {
  BALLOT_CHOICE_LABELS,
  BALLOT_CHOICES,
  castInput,
  closedText,
  deadlineText,
  EMPTY_VOTE,
  initialVote,
  loadVote,
  readDraft,
  readPending,
  representativeName,
  saveDraft,
  reviewRows,
  settle,
  submissionFor,
  unitStatusText,
  VOTE_TEXT,
  voteReducer,
  windowOpen,
  type KeyStore,
  type VoteData,
  type VoteItem,
  type VoteLoad,
  type VoteState,
  type VoteUnit,
} from '../../lib/vote-flow';
import { myVotesUrl, topicUrl } from '../../lib/workbench';
import { MandateLink } from './mandate-link';
import { PaperRequestControl } from './paper-request';
import { ReceiptCode } from './receipt-code';
import './index.css';

/** Taro storage on the device: the submission's key survives a reload (failures only mean a new key). */
const deviceStore: KeyStore = {
  get: (key) => {
    try {
      return Taro.getStorageSync(key) as unknown;
    } catch {
      return null;
    }
  },
  set: (key, value) => {
    try {
      Taro.setStorageSync(key, value);
    } catch {
      // storage full or private mode: a retry after a reload uses a new key and gets ALREADY_VOTED with the receipt
    }
  },
  remove: (key) => {
    try {
      Taro.removeStorageSync(key);
    } catch {
      // nothing to do
    }
  },
};

const navigate = (url: string) => void Taro.navigateTo({ url });
/** back to the topic page it came from, or to the topic page when opened directly (a shared link) */
const backToTopic = (estateId: string, topicId: string) => {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: topicUrl(estateId, topicId) });
};

/** 投票: read the frozen package, confirm, choose every item, review, submit, receipt; 已完成 afterwards. */
export default function VotePage() {
  const router = useRouter();
  const estateId = routeParam(router.params, 'estateId') ?? '';
  const topicId = routeParam(router.params, 'topicId') ?? '';
  const wantedUnit = routeParam(router.params, 'unitId');
  const [load, setLoad] = useState<VoteLoad>({ status: 'loading' });
  const [state, dispatch] = useReducer(voteReducer, EMPTY_VOTE);
  const [repName, setRepName] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const l = await loadVote(api, estateId, topicId);
    setLoad(l);
    if (l.status !== 'ready') return;
    const open = windowOpen(l.data, Date.now());
    const wanted = l.data.units.find((u) => u.unitId === wantedUnit);
    const init = wanted
      ? voteReducer(EMPTY_VOTE, { type: 'pickUnit', unit: wanted, pending: readPending(deviceStore, topicId, wanted.unitId), windowOpen: open, draft: readDraft(deviceStore, topicId, wanted.unitId) })
      : initialVote(l.data.units, open, (unitId) => readPending(deviceStore, topicId, unitId), (unitId) => readDraft(deviceStore, topicId, unitId));
    dispatch({ type: 'init', state: init });
  }, [estateId, topicId, wantedUnit]);
  useEffect(() => {
    void reload();
  }, [reload]);

  // keep choices not yet submitted across a reload
  useEffect(() => {
    if (state.unitId && state.step === 'choose') saveDraft(deviceStore, topicId, state.unitId, state.choices);
  }, [state.choices, state.step, state.unitId, topicId]);

  // a co-owner who is not the representative reads who is
  useEffect(() => {
    if (state.step !== 'notRep' || !state.unitId) return;
    void api.identity.unitOwners({ estateId, unitId: state.unitId }).then((r) => setRepName(r.ok ? representativeName(r.data) : null));
  }, [state.step, state.unitId, estateId]);

  return (
    <PageRoot className='page vote-page'>
      {load.status === 'loading' && <LoadingBlock />}
      {load.status === 'error' && <BlockedBlock view={blockedView(load.error, process.env.TARO_ENV)} onRetry={() => void reload()} />}
      {load.status === 'ready' && (
        <VoteFlow data={load.data} state={state} dispatch={dispatch} estateId={estateId} topicId={topicId} repName={repName} reload={() => void reload()} />
      )}
    </PageRoot>
  );
}

interface FlowProps {
  data: VoteData;
  state: VoteState;
  dispatch: (a: Parameters<typeof voteReducer>[1]) => void;
  estateId: string;
  topicId: string;
  repName: string | null;
  reload: () => void;
}

function VoteFlow(props: FlowProps) {
  const { data, state, dispatch, estateId, topicId } = props;
  const unit = data.units.find((u) => u.unitId === state.unitId) ?? null;
  const open = windowOpen(data, Date.now());
  // a live paper request closes online voting for the unit: its control tells us, and explains it itself
  const [onlineClosed, setOnlineClosed] = useState(false);

  const confirmRead = async () => {
    if (!unit || state.busy) return;
    dispatch({ type: 'message', message: null });
    const r = await api.voting.confirmDelivery({ estateId, topicId, unitId: unit.unitId });
    if (r.ok) dispatch({ type: 'delivered' });
    else dispatch({ type: 'refused', error: r.error });
  };
  const submit = async () => {
    if (!unit || state.busy) return;
    const pending = submissionFor(deviceStore, topicId, unit.unitId, state.choices);
    dispatch({ type: 'submit', pending });
    const r = await api.voting.castBallot(castInput(estateId, topicId, unit.unitId, data.items, pending));
    settle(deviceStore, topicId, unit.unitId, r);
    if (r.ok) dispatch({ type: 'submitted', receipt: r.data.receipt, castAt: r.data.castAt });
    else dispatch({ type: 'refused', error: r.error, representative: props.repName });
  };

  return (
    <View>
      <Card className='vote-head'>
        <Text className='vote-topic-title'>{data.title}</Text>
        {data.votingClosesAt && <Text className='vote-deadline'>{deadlineText(data.votingClosesAt)}</Text>}
        {unit && (
          <View className='vote-unit-line'>
            <Text className='vote-unit-label'>{['read', 'choose', 'review'].includes(state.step) ? VOTE_TEXT.unitChosen(unit.label) : VOTE_TEXT.unitOf(unit.label)}</Text>
            {data.units.length > 1 && (
              <AppButton size='small' className='change-unit' onClick={() => dispatch({ type: 'changeUnit' })}>
                {VOTE_TEXT.otherUnit}
              </AppButton>
            )}
          </View>
        )}
      </Card>

      {state.message && (
        <Text className='vote-message field-error' {...{ role: 'alert' }}>
          {state.message}
        </Text>
      )}

      {state.step === 'noUnit' && (
        <Card className='vote-no-unit'>
          <Text className='vote-lead'>{VOTE_TEXT.noUnit}</Text>
          <BackLinks estateId={estateId} topicId={topicId} />
        </Card>
      )}

      {state.step === 'unit' && (
        <Card title={VOTE_TEXT.pickUnit} className='vote-units'>
          <Text className='text-secondary'>{VOTE_TEXT.pickUnitHint}</Text>
          {data.units.map((u: VoteUnit) => (
            <ListRow
              key={u.unitId}
              className={`vote-unit-choice unit-${u.status}`}
              title={u.label}
              meta={unitStatusText(u)}
              onClick={() => dispatch({ type: 'pickUnit', unit: u, pending: readPending(deviceStore, topicId, u.unitId), windowOpen: open, draft: readDraft(deviceStore, topicId, u.unitId) })}
            />
          ))}
        </Card>
      )}

      {state.step === 'read' && (
        <Card title={VOTE_TEXT.readTitle} className='vote-read'>
          <Text className='vote-lead'>{VOTE_TEXT.readHint}</Text>
          {data.items.map((it) => (
            <ItemText key={it.itemId} item={it} full />
          ))}
          {data.plan && (
            <View className='vote-plan'>
              <Text className='vote-plan-title'>{VOTE_TEXT.planTitle}</Text>
              <Text className='vote-plan-text'>{data.plan}</Text>
            </View>
          )}
          {!onlineClosed && (
            <AppButton kind='primary' className='confirm-read' disabled={state.busy} onClick={() => void confirmRead()}>
              {VOTE_TEXT.confirmRead}
            </AppButton>
          )}
          {unit && <OtherWays estateId={estateId} topicId={topicId} unitId={unit.unitId} onChanged={props.reload} onOnlineClosed={setOnlineClosed} />}
        </Card>
      )}

      {state.step === 'choose' && (
        <Card title={VOTE_TEXT.chooseTitle} className='vote-choose'>
          <Text className='vote-lead'>{VOTE_TEXT.chooseHint}</Text>
          {data.items.map((it) => (
            <View key={it.itemId} className={`vote-choice-item${state.missing.includes(it.itemId) ? ' is-missing' : ''}`}>
              <ItemText item={it} />
              <View className='vote-choices' role='radiogroup' aria-label={`${VOTE_TEXT.item(it.number)} ${it.title}`}>
                {BALLOT_CHOICES.map((c) => {
                  const chosen = state.choices[it.itemId] === c;
                  return (
                    <Text
                      key={c}
                      className={`vote-choice choice-${c}${chosen ? ' chosen' : ''}`}
                      {...asChoice('radio', chosen)}
                      onClick={() => dispatch({ type: 'choose', itemId: it.itemId, choice: c })}
                    >
                      {chosen ? `✓ ${BALLOT_CHOICE_LABELS[c]}` : BALLOT_CHOICE_LABELS[c]}
                    </Text>
                  );
                })}
              </View>
            </View>
          ))}
          {state.missing.length > 0 && (
            <Text className='field-error vote-missing' {...{ role: 'alert' }}>
              {VOTE_TEXT.missing(state.missing.length)}
            </Text>
          )}
          {!onlineClosed && (
            <AppButton kind='primary' className='to-review' onClick={() => dispatch({ type: 'review', itemIds: data.items.map((i) => i.itemId) })}>
              {VOTE_TEXT.toReview}
            </AppButton>
          )}
          {unit && <OtherWays estateId={estateId} topicId={topicId} unitId={unit.unitId} onChanged={props.reload} onOnlineClosed={setOnlineClosed} />}
        </Card>
      )}

      {state.step === 'review' && (
        <Card title={VOTE_TEXT.reviewTitle} className='vote-review'>
          <Text className='vote-lead'>{VOTE_TEXT.reviewHint}</Text>
          {reviewRows(data.items, state.choices).map((r) => (
            <View key={r.itemId} className='review-row'>
              <Text className='review-item'>{`${r.label}　${r.title}`}</Text>
              <Text className={`review-choice choice-${r.choice ?? 'none'}`}>{r.choiceLabel}</Text>
            </View>
          ))}
          <AppButton kind='primary' className='submit-ballot' disabled={state.busy} onClick={() => void submit()}>
            {state.busy ? VOTE_TEXT.submitting : VOTE_TEXT.submit}
          </AppButton>
          <AppButton kind='secondary' className='back-to-choose' disabled={state.busy} onClick={() => dispatch({ type: 'back' })}>
            {VOTE_TEXT.change}
          </AppButton>
        </Card>
      )}

      {(state.step === 'receipt' || state.step === 'done') && state.receipt && (
        <Card className='vote-receipt'>
          <View className='receipt-head'>
            {state.step === 'receipt' && !state.receipt.already && (
              <StatusChip tone='success' className='vote-done-chip'>
                {VOTE_TEXT.doneTitle}
              </StatusChip>
            )}
            <Text className='receipt-title'>{state.step === 'receipt' && !state.receipt.already ? VOTE_TEXT.receiptTitle : VOTE_TEXT.doneTitle}</Text>
          </View>
          <Text className='vote-lead'>
            {state.receipt.already ? VOTE_TEXT.alreadyLead : state.step === 'receipt' ? VOTE_TEXT.receiptLead : VOTE_TEXT.doneLead}
          </Text>
          <Text className='receipt-label'>{VOTE_TEXT.receiptLabel}</Text>
          <ReceiptCode code={state.receipt.code} />
          {state.receipt.castAt && <Text className='receipt-time text-secondary'>{VOTE_TEXT.castAt(state.receipt.castAt)}</Text>}
          <CopyButton code={state.receipt.code} />
          <BackLinks estateId={estateId} topicId={topicId} />
        </Card>
      )}

      {state.step === 'closed' && (
        <Card title={VOTE_TEXT.closedTitle} className='vote-closed'>
          {!state.message && <Text className='vote-lead'>{closedText(data, Date.now())}</Text>}
          <BackLinks estateId={estateId} topicId={topicId} />
        </Card>
      )}

      {state.step === 'notRep' && (
        <Card title={VOTE_TEXT.notRepTitle} className='vote-not-rep'>
          {!state.message && <Text className='vote-lead'>{VOTE_TEXT.notRep(props.repName)}</Text>}
          <BackLinks estateId={estateId} topicId={topicId} />
        </Card>
      )}
    </View>
  );
}

function ItemText({ item, full = false }: { item: VoteItem; full?: boolean }) {
  return (
    <View className='vote-item-text'>
      <View className='vote-item-head'>
        <Text className='vote-item-title'>{`${VOTE_TEXT.item(item.number)}　${item.title}`}</Text>
        <StatusChip tone='info' className='vote-item-matter'>
          {item.matterShort}
        </StatusChip>
      </View>
      {full && item.description !== '' && <Text className='vote-item-description'>{item.description}</Text>}
      <Text className='vote-item-threshold'>{`${VOTE_TEXT.threshold}${item.thresholdText}`}</Text>
    </View>
  );
}

/** Paper and proxy: the other ways to vote (controls owned by the paper and proxy parts). */
function OtherWays({ estateId, topicId, unitId, onChanged, onOnlineClosed }: { estateId: string; topicId: string; unitId: string; onChanged: () => void; onOnlineClosed: (closed: boolean) => void }) {
  return (
    <View className='vote-other-ways'>
      <PaperRequestControl estateId={estateId} topicId={topicId} unitId={unitId} onChanged={onChanged} onOnlineClosed={onOnlineClosed} />
      <MandateLink estateId={estateId} topicId={topicId} unitId={unitId} />
    </View>
  );
}

function CopyButton({ code }: { code: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <AppButton
      kind='secondary'
      className='copy-receipt'
      onClick={() =>
        void Taro.setClipboardData({ data: code }).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? VOTE_TEXT.copied : VOTE_TEXT.copy}
    </AppButton>
  );
}

function BackLinks({ estateId, topicId }: { estateId: string; topicId: string }) {
  return (
    <View className='vote-links'>
      <ListRow className='go-my-votes' title={VOTE_TEXT.mine} onClick={() => navigate(myVotesUrl(estateId))} />
      <ListRow className='back-to-topic' title={VOTE_TEXT.backToTopic} onClick={() => backToTopic(estateId, topicId)} />
    </View>
  );
}
