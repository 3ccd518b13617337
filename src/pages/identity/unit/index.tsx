import { useCallback, useEffect, useState } from 'react';
import { MessagesEntry } from '../../../components/messages-entry';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { api } from '../../../api/client';
import { BlockedBlock, LoadingBlock, off } from '../../../components/page-states';
import { ownerRows, proposalView, UNIT_TEXT, unitActions, unitBlockedView } from '../../../lib/identity-unit';
import { routeParam, type BlockedView } from '../../../lib/page-access';
import type { UnitOwnersOutput } from '../../../../types/identity';
import '../identity.css';
import { PageRoot } from '../../../components/page-root';

type State = { status: 'loading' } | { status: 'blocked'; view: BlockedView } | { status: 'ready'; data: UnitOwnersOutput };

export default function UnitPage() {
  const router = useRouter();
  const estateId = routeParam(router.params, 'estateId') ?? '';
  const unitId = routeParam(router.params, 'unitId') ?? '';
  const [state, setState] = useState<State>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    setState({ status: 'loading' });
    const res = await api.identity.unitOwners({ estateId, unitId });
    setState(
      res.ok
        ? { status: 'ready', data: res.data }
        : { status: 'blocked', view: unitBlockedView(res.error, process.env.TARO_ENV) },
    );
  }, [estateId, unitId]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (run: () => ReturnType<typeof api.identity.confirmRepresentative>, done: string) => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    const res = await run();
    setBusy(false);
    if (res.ok) {
      setState({ status: 'ready', data: res.data });
      void Taro.showToast({ title: done, icon: 'success' });
    } else {
      setMessage(res.error.message);
    }
  };

  return (
    <PageRoot className='page unit-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void load()} />}
      {state.status === 'ready' && (
        <UnitView
          data={state.data}
          busy={busy}
          message={message}
          onPropose={(memberKey) =>
            void act(() => api.identity.proposeRepresentative({ estateId, unitId, memberKey }), UNIT_TEXT.proposed)
          }
          onConfirm={() => void act(() => api.identity.confirmRepresentative({ estateId, unitId }), UNIT_TEXT.confirmedToast)}
          onDecline={() => void act(() => api.identity.declineRepresentative({ estateId, unitId }), UNIT_TEXT.declinedToast)}
          onWithdraw={() => void act(() => api.identity.withdrawRepresentative({ estateId, unitId }), UNIT_TEXT.withdrawnToast)}
        />
      )}
    </PageRoot>
  );
}

function UnitView(props: {
  data: UnitOwnersOutput;
  busy: boolean;
  message: string | null;
  onPropose: (memberKey: string) => void;
  onConfirm: () => void;
  onDecline: () => void;
  onWithdraw: () => void;
}) {
  const rows = ownerRows(props.data);
  const proposal = proposalView(props.data);
  const actions = unitActions(props.data);
  return (
    <>
      <View className='card unit-card'>
        <Text className='result-unit unit-title'>{props.data.unitLabel}</Text>
        <Text className='section-label'>{UNIT_TEXT.ownersTitle}</Text>
        {rows.map((o) => (
          <View key={o.memberKey} className={`list-row owner-row${o.isRepresentative ? ' is-representative' : ''}`}>
            <Text className='owner-name'>{o.name}</Text>
            <View className='owner-tags'>
              {o.tags.map((t) => (
                <Text key={t} className={`chip ${t === UNIT_TEXT.representative ? 'tone-success representative-tag' : 'tone-info me-tag'}`}>
                  {t}
                </Text>
              ))}
            </View>
          </View>
        ))}
        <Text className='hint unit-note'>{actions.note}</Text>
      </View>

      {proposal && (
        <View className='card proposal-card'>
          <Text className='card-title'>{UNIT_TEXT.proposalTitle}</Text>
          <Text className='proposal-title'>{proposal.title}</Text>
          <Text className='row-meta text-secondary proposal-confirmed'>{proposal.confirmedLine}</Text>
          <Text className='row-meta text-secondary proposal-waiting'>{proposal.waitingLine}</Text>
          {proposal.mineNote && <Text className='hint'>{proposal.mineNote}</Text>}
          {proposal.canConfirm && (
            <Button className='big-button primary confirm-representative' disabled={off(props.busy)} onClick={props.onConfirm}>
              {props.busy ? UNIT_TEXT.submitting : UNIT_TEXT.confirmButton}
            </Button>
          )}
          {proposal.canDecline && (
            <>
              <Button className='big-button secondary decline-representative' disabled={off(props.busy)} onClick={props.onDecline}>
                {UNIT_TEXT.declineButton}
              </Button>
              <Text className='hint decline-hint'>{UNIT_TEXT.declineHint}</Text>
            </>
          )}
          {proposal.canWithdraw && (
            <Button className='big-button secondary withdraw-representative' disabled={off(props.busy)} onClick={props.onWithdraw}>
              {UNIT_TEXT.withdrawButton}
            </Button>
          )}
        </View>
      )}

      {actions.canPropose && (
        <View className='card propose-card'>
          <Text className='card-title'>{UNIT_TEXT.proposeTitle}</Text>
          <Text className='hint'>{UNIT_TEXT.proposeHint}</Text>
          {actions.candidates.map((c) => (
            <Button
              key={c.memberKey}
              className='big-button secondary candidate propose-representative'
              disabled={off(props.busy)}
              onClick={() => props.onPropose(c.memberKey)}
            >
              {`${UNIT_TEXT.proposeButton}：${c.name}`}
            </Button>
          ))}
        </View>
      )}
      {props.message && <Text className='form-error-line unit-error'>{props.message}</Text>}
    </>
  );
}
