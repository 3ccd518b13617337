import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { api } from '../../api/client';
import { AppButton } from '../../components/ui';
import { ownerPaperView, OWNER_PAPER_TEXT, type OwnerPaperView } from '../../lib/paper-ballot';

/**
 * 申请纸质选票 (the paper part's control on the 投票 page): where the notice offers paper, the unit's representative
 * asks for it (online voting then closes for the unit) and may withdraw until the paper is delivered. Shows nothing
 * when there is nothing to offer. `onChanged` lets the vote page reload (its ballot form follows the request).
 */
export function PaperRequestControl(props: { estateId: string; topicId: string; unitId: string; onChanged: () => void; onOnlineClosed?: (closed: boolean) => void }) {
  const { estateId, topicId, unitId } = props;
  const [view, setView] = useState<OwnerPaperView | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await api.voting.paperRequest({ estateId, topicId, unitId });
    // a refusal here (e.g. not in the electorate) is what the vote page already explains: show nothing
    setView(res.ok ? ownerPaperView(res.data) : null);
  }, [estateId, topicId, unitId]);

  useEffect(() => {
    void load();
  }, [load]);

  // the vote page hides its online steps while a paper request is live (castBallot would refuse them)
  const { onOnlineClosed } = props;
  const onlineClosed = view?.onlineClosed ?? false;
  useEffect(() => {
    onOnlineClosed?.(onlineClosed);
  }, [onlineClosed, onOnlineClosed]);

  if (!view || view.hidden) return null;

  const act = async () => {
    if (busy || !view.action) return;
    setBusy(true);
    setMessage(null);
    const input = { estateId, topicId, unitId };
    const res = view.action === 'request' ? await api.voting.requestPaperBallot(input) : await api.voting.withdrawPaperRequest(input);
    setBusy(false);
    setConfirming(false);
    if (!res.ok) return setMessage(res.error.message);
    setView(ownerPaperView(res.data));
    props.onChanged();
  };

  return (
    <View className='card paper-request-card'>
      <Text className='card-title'>{OWNER_PAPER_TEXT.title}</Text>
      <Text className='paper-request-line'>{view.line}</Text>
      {view.action && !confirming && (
        <AppButton kind='secondary' className={`paper-${view.action}`} onClick={() => setConfirming(true)}>
          {view.button}
        </AppButton>
      )}
      {view.action && confirming && (
        <View className='paper-confirm-box'>
          <Text className='paper-request-line paper-confirm-text'>{view.confirm}</Text>
          <AppButton kind='primary' className={`paper-confirm-${view.action}`} disabled={busy} onClick={() => void act()}>
            {busy ? OWNER_PAPER_TEXT.busy : view.button}
          </AppButton>
          <AppButton className='paper-cancel' disabled={busy} onClick={() => setConfirming(false)}>
            取消
          </AppButton>
        </View>
      )}
      {message && <Text className='field-error'>{message}</Text>}
    </View>
  );
}
