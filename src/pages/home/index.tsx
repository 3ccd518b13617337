import { Fragment, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api } from '../../api/client';
import { useFirstLoad } from '../../lib/use-first-load';
import { CountBadge, MessagesEntryView, useUnreadCounts } from '../../components/messages-entry';
import { workbenchBadge } from '../../lib/messages-badge';
import { ADMIN_TEXT, ADMIN_URL, adminEntryVisible } from '../../lib/admin-entry';
import { FirstScreen } from '../../components/first-screen';
import { MeEntry } from '../../components/me-entry';
import { asButton, WhyDisclosure } from '../../components/ui';
import { chipClass, roleTone, stageTone } from '../../lib/status-tone';
import type { UnreadCountOutput } from '../../../types/messages';
import { estateToRemember, loadHome, loadTopics, type HomeState } from '../../lib/home-state';
import { readLastEstate, rememberEstate } from '../../platform/last-estate';
import { takePrefetchedHome } from './prefetch';
import {
  addressLine,
  DEV_LOGIN_URL,
  errorView,
  HOME_TEXT,
  homeSections,
  liveTopics,
  prependTopic,
  roleChips,
  topicRows,
  TOTALS_SEPARATOR,
  totalsParts,
  unitRows,
  type Current,
} from '../../lib/home-view';
import { topicsUrl, topicUrl, unitUrl, verifyUrl, type WorkbenchEntry } from '../../lib/workbench';
import { fileRequestUrl, myRequestsUrl, REQUEST_ENTRY_TEXT } from '../../lib/request-routes';
import type { ApiError } from '../../../types/errors';
import type { TopicSummary } from '../../../types/deliberation';
import './index.css';
import { PageRoot } from '../../components/page-root';
import { EstateSwitcher } from './estate-switcher-entry';
import { OpenTopicCard } from './open-topic-entry';

type Ready = Extract<HomeState, { status: 'ready' }>;

export default function HomePage() {
  const [state, setState] = useState<HomeState>({ status: 'loading' });
  const counts = useUnreadCounts();
  // Only the latest load may write the state (switching estates quickly must not show stale data).
  const loadSeq = useRef(0);
  // The estate last asked for, so "重试" after a failed switch retries that estate.
  const requestedEstate = useRef<string | undefined>(undefined);

  const load = useCallback(async (estateId?: string) => {
    const seq = ++loadSeq.current;
    requestedEstate.current = estateId;
    setState({ status: 'loading' });
    // the first load takes what app.ts asked for at start (H5); topics go out with `me` for the estate shown last
    const next = await ((estateId === undefined ? takePrefetchedHome() : undefined) ?? loadHome(api, estateId, readLastEstate()));
    rememberEstate(estateToRemember(next));
    if (seq === loadSeq.current) setState(next);
  }, []);

  // first render (in a layout effect, so the request does not wait for a painted frame) and each later show:
  // coming back from 身份认证 or 我的房屋, units and roles may have changed
  useFirstLoad(() => void load(requestedEstate.current));

  // the 管理员 entry: only when the server says this account is a deployment administrator (configuration)
  const [isAdmin, setIsAdmin] = useState(false);
  useLayoutEffect(() => {
    void adminEntryVisible(api).then(setIsAdmin);
  }, []);

  const reloadTopics = useCallback(async () => {
    if (state.status !== 'ready') return;
    const seq = loadSeq.current;
    const topics = await loadTopics(api, state.current);
    if (seq === loadSeq.current) setState((s) => (s.status === 'ready' ? { ...s, topics } : s));
  }, [state]);

  return (
    <PageRoot className='home-page'>
      {state.status === 'loading' && <LoadingView />}
      {state.status === 'error' && <ErrorBlock error={state.error} onRetry={() => void load(requestedEstate.current)} />}
      {(state.status === 'ready' || state.status === 'no-estate') && <MessagesEntryView counts={counts} />}
      {(state.status === 'ready' || state.status === 'no-estate') && <MeEntry />}
      {state.status === 'no-estate' && <FirstScreen />}
      {(state.status === 'ready' || state.status === 'no-estate') && isAdmin && <AdminEntryCard />}
      {state.status === 'ready' && (
        <ReadyView
          state={state}
          counts={counts}
          onSwitchEstate={(id) => void load(id)}
          onRetryTopics={() => void reloadTopics()}
          onTopicOpened={(topic) =>
            setState((s) =>
              s.status === 'ready' && s.topics.status === 'ready'
                ? { ...s, topics: { status: 'ready', topics: prependTopic(s.topics.topics, topic) } }
                : s,
            )
          }
        />
      )}
    </PageRoot>
  );
}

function LoadingView() {
  return (
    <View className='home-loading'>
      <Text>{HOME_TEXT.loading}</Text>
    </View>
  );
}

function ErrorBlock({ error, onRetry, nested }: { error: ApiError; onRetry: () => void; nested?: boolean }) {
  const view = errorView(error, process.env.TARO_ENV);
  const goLogin = () => {
    if (process.env.TARO_ENV === 'h5') window.location.href = DEV_LOGIN_URL;
  };
  return (
    <View className={nested ? 'home-error nested' : 'card home-error'}>
      <Text className='error-message'>{view.message}</Text>
      {view.action === 'login' && (
        <Button className='big-button primary login-button' onClick={goLogin}>
          {HOME_TEXT.login}
        </Button>
      )}
      {view.action === 'retry' && (
        <Button className='big-button retry-button' onClick={onRetry}>
          {HOME_TEXT.retry}
        </Button>
      )}
    </View>
  );
}

const navigate = (url: string) => void Taro.navigateTo({ url });

function AdminEntryCard() {
  return (
    <View className='card admin-entry'>
      <Button className='big-button secondary go-admin' onClick={() => navigate(ADMIN_URL)}>
        {ADMIN_TEXT.homeEntry}
      </Button>
    </View>
  );
}

function VerifyEntryCard({ estateId }: { estateId: string }) {
  return (
    <View className='card verify-entry'>
      <Text className='card-title'>{HOME_TEXT.verifyTitle}</Text>
      <Text className='hint'>{HOME_TEXT.verifyHint}</Text>
      <Button className='big-button primary go-verify' onClick={() => navigate(verifyUrl(estateId))}>
        {HOME_TEXT.verifyButton}
      </Button>
    </View>
  );
}

/** 诉求: the two ways in (the pages live in the subpackage packages/requests; opened by URL only). */
function RequestsEntryCard({ estateId }: { estateId: string }) {
  return (
    <View className='card requests-entry'>
      <Text className='card-title'>{REQUEST_ENTRY_TEXT.title}</Text>
      <Text className='hint'>{REQUEST_ENTRY_TEXT.hint}</Text>
      <Button className='big-button primary go-file-request' onClick={() => navigate(fileRequestUrl(estateId))}>
        {REQUEST_ENTRY_TEXT.file}
      </Button>
      <Button className='big-button secondary go-my-requests' onClick={() => navigate(myRequestsUrl(estateId))}>
        {REQUEST_ENTRY_TEXT.mine}
      </Button>
    </View>
  );
}

function WorkbenchCard({ entries, counts }: { entries: WorkbenchEntry[]; counts: UnreadCountOutput | null }) {
  return (
    <View className='card workbench'>
      <Text className='card-title'>{HOME_TEXT.workbenchTitle}</Text>
      {entries.map((e) => (
        <View key={e.key} className={`list-row list-row-tappable workbench-entry entry-${e.key}`} {...asButton()} onClick={() => navigate(e.url)}>
          <View className='workbench-text'>
            <Text className='workbench-name'>{e.title}</Text>
            <Text className='workbench-desc text-secondary'>{e.description}</Text>
          </View>
          <CountBadge count={workbenchBadge(e.key, counts)} className='workbench-badge' />
          <Text className='chevron'>›</Text>
        </View>
      ))}
    </View>
  );
}

interface ReadyProps {
  state: Ready;
  counts: UnreadCountOutput | null;
  onSwitchEstate: (estateId: string) => void;
  onRetryTopics: () => void;
  onTopicOpened: (topic: TopicSummary) => void;
}

function ReadyView({ state, counts, onSwitchEstate, onRetryTopics, onTopicOpened }: ReadyProps) {
  const { current, estates, topics } = state;
  const sections = homeSections({ estates, current });
  return (
    <View>
      {sections.estateSwitcher && (
        <EstateSwitcher estates={estates} currentId={current.estate.estateId} onPick={onSwitchEstate} />
      )}
      <EstateCard current={current} />
      <IdentityCard current={current} />
      {/* staff see their tools first; anyone not yet a verified owner then gets the way to verify */}
      {sections.workbench.length > 0 && <WorkbenchCard entries={sections.workbench} counts={counts} />}
      {/* residents and owners: the everyday way in (before 去认证, which a registered tenant does not need) */}
      {sections.requests && <RequestsEntryCard estateId={current.estate.estateId} />}
      {sections.verifyEntry === 'primary' && <VerifyEntryCard estateId={current.estate.estateId} />}
      <UnitsCard current={current} showHint={sections.noUnitsHint} formerUnits={sections.formerUnits} showVerifyMore={sections.verifyEntry === 'secondary'} />
      {sections.openTopicForm && <OpenTopicCard estateId={current.estate.estateId} onOpened={onTopicOpened} />}
      <View className='card topics-card'>
        <Text className='card-title'>{HOME_TEXT.topicsTitle}</Text>
        {topics.status === 'error' ? (
          <ErrorBlock error={topics.error} onRetry={onRetryTopics} nested />
        ) : topics.status === 'not-allowed' ? (
          <Text className='topic-empty hint'>{HOME_TEXT.topicsNotAllowed}</Text>
        ) : topics.topics.length === 0 ? (
          <Text className='topic-empty hint'>{HOME_TEXT.emptyTopics}</Text>
        ) : (
          <View className='topic-list'>
            {topicRows(liveTopics(topics.topics)).map((t) => (
              <View key={t.topicId} className='list-row list-row-tappable topic-item' {...asButton()} onClick={() => navigate(topicUrl(current.estate.estateId, t.topicId))}>
                <View className='topic-head'>
                  <Text className='topic-title'>{t.title}</Text>
                  <Text className={chipClass(stageTone(t.stage), `topic-stage stage-${t.stage}`)}>{t.stageLabel}</Text>
                </View>
                <View className='topic-meta text-secondary'>
                  <Text className='topic-scope'>{t.scopeLabel}</Text>
                  <Text className='topic-opened-by'>{t.openedByLabel}</Text>
                  <Text className='topic-date'>{t.openedDate}</Text>
                </View>
                {t.summary !== '' && <Text className='topic-summary'>{t.summary}</Text>}
              </View>
            ))}
          </View>
        )}
        {topics.status === 'ready' && (
          <Text className='all-topics' {...asButton()} onClick={() => navigate(topicsUrl(current.estate.estateId))}>
            {HOME_TEXT.allTopics} ›
          </Text>
        )}
      </View>
    </View>
  );
}

function EstateCard({ current }: { current: Current }) {
  const { estate } = current;
  return (
    <View className='card estate-card'>
      <Text className='estate-name'>{estate.name}</Text>
      <Text className='estate-address'>{addressLine(estate)}</Text>
      <View className='estate-org'>
        <Text className='org-label'>居委会</Text>
        <Text className='estate-community'>{estate.communityName}</Text>
      </View>
      <View className='estate-org'>
        <Text className='org-label'>党支部</Text>
        <Text className='estate-party-branch'>{estate.partyBranchName}</Text>
      </View>
      <Text className='estate-totals'>
        {totalsParts(estate.totals).map((part, i) => (
          <Fragment key={part}>
            {i > 0 && TOTALS_SEPARATOR}
            <Text className='totals-part'>{part}</Text>
          </Fragment>
        ))}
      </Text>
      <Text className='headcount-note text-secondary'>{HOME_TEXT.headcountNote}</Text>
      <WhyDisclosure label={HOME_TEXT.basisLabel} className='headcount-basis'>
        <Text>{HOME_TEXT.headcountBasis}</Text>
      </WhyDisclosure>
    </View>
  );
}

function IdentityCard({ current }: { current: Current }) {
  return (
    <View className='card my-identity'>
      <Text className='card-title'>{HOME_TEXT.identityTitle}</Text>
      <Text className='display-name'>{current.displayName}</Text>
      <View className='my-roles'>
        {roleChips(current.roles).map((c) => (
          <Text key={c.role} className={chipClass(roleTone(c.role), `role-chip role-${c.role}`)}>
            {c.label}
          </Text>
        ))}
      </View>
    </View>
  );
}

function UnitsCard({ current, showHint, formerUnits, showVerifyMore }: { current: Current; showHint: boolean; formerUnits: string[]; showVerifyMore: boolean }) {
  const estateId = current.estate.estateId;
  return (
    <View className='card my-units'>
      <Text className='card-title'>{HOME_TEXT.unitsTitle}</Text>
      {showHint ? (
        <Text className='no-units-hint hint'>{HOME_TEXT.noUnitsHint}</Text>
      ) : (
        unitRows(current.units).map((u) => (
          <View key={u.unitId} className='list-row list-row-tappable unit-item' {...asButton()} onClick={() => navigate(unitUrl(estateId, u.unitId))}>
            <View className='unit-main'>
              <Text className='unit-label'>{u.label}</Text>
              {u.isRepresentative && <Text className='chip tone-success representative-tag'>{HOME_TEXT.representativeTag}</Text>}
            </View>
            <Text className='unit-area'>{u.areaText}</Text>
            <Text className='chevron'>›</Text>
          </View>
        ))
      )}
      {formerUnits.length > 0 && (
        <View className='former-units'>
          {formerUnits.map((line) => (
            <Text key={line} className='former-unit-line'>
              {line}
            </Text>
          ))}
          <Text className='hint'>{HOME_TEXT.formerUnitsHint}</Text>
        </View>
      )}
      {showVerifyMore && (
        <Text className='verify-more' {...asButton()} onClick={() => navigate(verifyUrl(estateId))}>
          {HOME_TEXT.verifyMore} ›
        </Text>
      )}
    </View>
  );
}

