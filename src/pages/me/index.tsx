import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { api } from '../../api/client';
import { MessagesEntry } from '../../components/messages-entry';
import { PageRoot, useTextSize } from '../../components/page-root';
import { AppButton, Card, ListRow, StatusChip, ToggleRow, WhyDisclosure } from '../../components/ui';
import { BlockedBlock, LoadingBlock } from '../../components/page-states';
import { blockedView } from '../../lib/page-access';
import { TEXT_SIZE_TEXT } from '../../lib/text-size';
import { myVotesUrl, ROUTES } from '../../lib/workbench';
import { REQUEST_ENTRY_TEXT } from '../../lib/request-routes';
import { canSignOut, firstVerifyUrl, loadMe, LOGOUT_URL, ME_TEXT, privacyView, type MeState, type MyEstateView } from '../../lib/me-view';
import './index.css';

const navigate = (url: string) => void Taro.navigateTo({ url });

/** 我的: my estates, units and roles, where verification stands, 大字模式, privacy, and (H5) sign-out. */
export default function MePage() {
  const [state, setState] = useState<MeState>({ status: 'loading' });
  const load = useCallback(async () => setState(await loadMe(api)), []);
  useEffect(() => {
    void load();
  }, [load]);
  // back from 身份认证 or 我的房屋: roles, units and requests may have changed
  const shownOnce = useRef(false);
  useDidShow(() => {
    if (shownOnce.current) void load();
    shownOnce.current = true;
  });

  return (
    <PageRoot className='page me-page'>
      <MessagesEntry />
      <TextSizeCard />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'error' && <BlockedBlock view={blockedView(state.error, process.env.TARO_ENV)} onRetry={() => void load()} />}
      {state.status === 'ready' && (
        <>
          <EstatesCard estates={state.estates} partial={state.partial} />
          {/* anyone may be someone's proxy, also without an estate of their own (the mandate code tells them to come here) */}
          <Card title={ME_TEXT.proxyTitle} className='me-proxy'>
            <ListRow className='me-proxy-vote' title={ME_TEXT.proxyRow} meta={ME_TEXT.proxyMeta} onClick={() => navigate(ROUTES.proxyVote)} />
          </Card>
          <PrivacyCard consents={state.consents} />
        </>
      )}
      {canSignOut(process.env.TARO_ENV) && <SignOutCard />}
    </PageRoot>
  );
}

function TextSizeCard() {
  const { large, automatic, setTextSize } = useTextSize();
  return (
    <Card title={ME_TEXT.displayTitle} className='text-size-card'>
      <ToggleRow
        className='large-text-switch'
        label={TEXT_SIZE_TEXT.label}
        hint={TEXT_SIZE_TEXT.hint}
        checked={large}
        onChange={(on) => setTextSize(on ? 'large' : 'normal')}
      />
      {large && automatic && <Text className='text-secondary switch-automatic'>{TEXT_SIZE_TEXT.automatic}</Text>}
    </Card>
  );
}

function EstatesCard({ estates, partial }: { estates: MyEstateView[]; partial: boolean }) {
  if (estates.length === 0) {
    return (
      <Card title={ME_TEXT.estatesTitle} className='my-estates'>
        <Text className='me-empty'>{ME_TEXT.noEstates}</Text>
        <AppButton kind='primary' className='go-verify' onClick={() => navigate(firstVerifyUrl())}>
          {ME_TEXT.goVerify}
        </AppButton>
      </Card>
    );
  }
  return (
    <>
      {estates.map((e) => (
        <Card key={e.estateId} title={e.name} className='my-estate'>
          {e.displayName && <Text className='me-name'>{e.displayName}</Text>}
          {e.roles.length > 0 && (
            <View className='me-roles'>
              {e.roles.map((c) => (
                <StatusChip key={c.role} tone='neutral' className={`role-chip role-${c.role}`}>
                  {c.label}
                </StatusChip>
              ))}
            </View>
          )}
          <View className='me-status'>
            <Text className='me-label'>{ME_TEXT.statusLabel}</Text>
            <Text className='me-status-line'>{e.status}</Text>
          </View>
          {e.openRequests.map((r) => (
            <ListRow key={r.requestId} className={`me-request request-${r.status}`} title={r.title} meta={[r.statusLabel, r.dateText, r.reasonText].filter(Boolean).join(' · ')} />
          ))}
          {e.units.length > 0 && <Text className='me-label'>{ME_TEXT.unitsLabel}</Text>}
          {e.units.map((u) => (
            <ListRow
              key={u.unitId}
              className='me-unit'
              title={u.label}
              trailing={u.isRepresentative ? <StatusChip tone='success' className='representative-tag'>{ME_TEXT.representativeTag}</StatusChip> : undefined}
              onClick={() => navigate(u.url)}
            />
          ))}
          {e.requestsUrl && <ListRow className='me-my-requests' title={REQUEST_ENTRY_TEXT.mine} meta={REQUEST_ENTRY_TEXT.mineMeta} onClick={() => navigate(e.requestsUrl as string)} />}
          {e.units.length > 0 && <ListRow className='me-my-votes' title='我的投票' meta='投票回执和待投票的表决' onClick={() => navigate(myVotesUrl(e.estateId))} />}
          <ListRow className='me-verify-more' title={ME_TEXT.verifyMore} onClick={() => navigate(e.verifyUrl)} />
        </Card>
      ))}
      {partial && <Text className='text-secondary me-partial'>{ME_TEXT.loadFailed}</Text>}
    </>
  );
}

function PrivacyCard({ consents }: { consents: Parameters<typeof privacyView>[0] }) {
  const view = privacyView(consents);
  return (
    <Card title={ME_TEXT.privacyTitle} className='me-privacy'>
      <Text className='consent-line'>{view.consentLine}</Text>
      <WhyDisclosure label={ME_TEXT.showNotice} className='notice-toggle'>
        {view.paragraphs.map((p) => (
          <Text key={p} className='privacy-paragraph'>
            {p}
          </Text>
        ))}
      </WhyDisclosure>
    </Card>
  );
}

function SignOutCard() {
  return (
    <Card title={ME_TEXT.signOutTitle} className='sign-out-card'>
      <Text className='text-secondary'>{ME_TEXT.signOutHint}</Text>
      <AppButton
        kind='secondary'
        className='sign-out'
        onClick={() => {
          if (process.env.TARO_ENV === 'h5') window.location.href = LOGOUT_URL;
        }}
      >
        {ME_TEXT.signOut}
      </AppButton>
    </Card>
  );
}
