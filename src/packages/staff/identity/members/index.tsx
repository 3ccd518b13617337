import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MessagesEntry } from '../../../../components/messages-entry';
import { Button, Text, View } from '@tarojs/components';
import { Input } from '../../../../components/input';
import { Textarea } from '../../../../components/textarea';
import { Picker } from '../../../../components/picker';
import Taro from '@tarojs/taro';
import { api } from '../../../../api/client';
import { BlockedBlock, LoadingBlock, off } from '../../../../components/page-states';
import {
  appendMembers,
  buildingChoices,
  CONFIRM_ONLY_TEXT,
  loadMembersList,
  membersPageMode,
  decideRepresentativeInput,
  decideRoleGrantInput,
  filterMembers,
  listMembersInput,
  MEMBERS_TEXT,
  memberRows,
  replaceMember,
  revokeOwnershipInput,
  roleActionLabel,
  roleChangeDone,
  roleChangeInput,
  roleFilterChips,
  pendingRoleTags,
  pendingRolesOf,
  roleGrantRows,
  roleOptions,
  type GrantDecision,
  type MemberRow,
  type MembersFilter,
  type RoleOption,
} from '../../../../lib/staff-members';
import type { MemberView, RoleGrantView } from '../../../../../types/identity';
import type { Role } from '../../../../../types/roles';
import { asButton, asChoice } from '../../../../components/ui';
import { useStaffPage } from '../../use-staff-page';
import '../../staff.css';
import { PageRoot } from '../../../../components/page-root';
import { chipClass, roleTone } from '../../../../lib/status-tone';

/** One pending staff action: the page shows its reason box and a 确认 button. */
type Pending =
  | { kind: 'role'; option: RoleOption }
  | { kind: 'revoke'; unitId: string; label: string }
  | { kind: 'rep'; unitId: string; label: string };

export default function MembersPage() {
  // the filter lives in a ref too: the page fetch reads it when a chip is tapped, before React re-renders
  const filterRef = useRef<MembersFilter>({});
  const [filter, setFilterState] = useState<MembersFilter>({});
  const { state, setState, reload } = useStaffPage((estateId, context) => loadMembersList(api, estateId, context.roles, filterRef.current));
  // sub-district staff confirm grants but do not manage members: they get only the pending grants
  const mode = state.status === 'ready' ? membersPageMode(state.context.roles) : null;
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [grantsKey, setGrantsKey] = useState(0);
  const [grants, setGrants] = useState<RoleGrantView[]>([]);
  const members = state.status === 'ready' ? state.data.members : [];
  const rows = useMemo(() => memberRows(members), [members]);
  const shown = useMemo(() => filterMembers(rows, query), [rows, query]);
  const buildings = useMemo(() => buildingChoices(state.status === 'ready' ? state.data.buildings : []), [state]);
  const next = state.status === 'ready' ? state.data.next : null;

  const setMembers = (f: (m: MemberView[]) => MemberView[]) =>
    setState((s) => (s.status === 'ready' ? { ...s, data: { ...s.data, members: f(s.data.members) } } : s));

  /** A new filter starts again from the first page. */
  const setFilter = (f: MembersFilter) => {
    filterRef.current = f;
    setFilterState(f);
    setOpen(null);
    void reload(true);
  };

  /** The next page, appended (dropped if the filter changed meanwhile). */
  const loadMore = async () => {
    if (state.status !== 'ready' || !next || loadingMore) return;
    const asked = filterRef.current;
    setLoadingMore(true);
    const res = await api.identity.listMembers(listMembersInput(state.context.estateId, asked, next));
    setLoadingMore(false);
    if (asked !== filterRef.current) return;
    if (!res.ok) return void Taro.showToast({ title: res.error.message, icon: 'none' });
    setState((s) => (s.status === 'ready' ? { ...s, data: appendMembers(s.data, res.data) } : s));
  };

  const buildingIndex = Math.max(0, buildings.findIndex((b) => b.building === filter.building));

  return (
    <PageRoot className='page members-page'>
      <MessagesEntry />
      {state.status === 'loading' && <LoadingBlock />}
      {state.status === 'blocked' && <BlockedBlock view={state.view} onRetry={() => void reload()} />}
      {state.status === 'ready' && (
        <View className='card members-card'>
          <Text className='card-title'>
            {state.context.estateName} · {mode === 'confirm' ? CONFIRM_ONLY_TEXT.title : MEMBERS_TEXT.title}
          </Text>
          <RoleGrants estateId={state.context.estateId} refreshKey={grantsKey} onConfirmed={() => void reload(true)} onLoaded={setGrants} confirmOnly={mode === 'confirm'} />
          {mode === 'manage' && (<>
          <View className='member-filters' role='radiogroup' aria-label={MEMBERS_TEXT.roleFilterLabel}>
            {roleFilterChips(filter.role).map((c) => (
              <Text
                key={c.role ?? 'all'}
                className={`member-filter role-filter filter-${c.role ?? 'all'}${c.selected ? ' selected' : ''}`}
                {...asChoice('radio', c.selected)}
                onClick={() => setFilter({ ...filter, role: c.role })}
              >
                {c.label}
              </Text>
            ))}
          </View>
          {buildings.length > 1 && (
            <Picker
              mode='selector'
              range={buildings.map((b) => b.label)}
              value={buildingIndex}
              onChange={(e) => setFilter({ ...filter, building: buildings[Number(e.detail.value)]?.building })}
            >
              <View className='member-filter building-filter' {...asButton()}>
                <Text>
                  {MEMBERS_TEXT.buildingLabel}：{buildings[buildingIndex].label} ▾
                </Text>
              </View>
            </Picker>
          )}
          <Input
            className='form-input member-search'
            value={query}
            placeholder={MEMBERS_TEXT.search}
            onInput={(e) => setQuery(e.detail.value)}
          />
          <Text className='hint member-count'>{MEMBERS_TEXT.count(shown.length, rows.length, next !== null)}</Text>
          {next !== null && query.trim() !== '' && <Text className='hint'>{MEMBERS_TEXT.searchHint}</Text>}
          {shown.length === 0 && <Text className='hint'>{MEMBERS_TEXT.empty}</Text>}
          {shown.map((row) => (
            <MemberItem
              key={row.memberKey}
              estateId={state.context.estateId}
              row={row}
              member={members.find((m) => m.memberKey === row.memberKey)!}
              open={open === row.memberKey}
              onToggle={() => setOpen((o) => (o === row.memberKey ? null : row.memberKey))}
              onUpdated={(m) => setMembers((list) => replaceMember(list, m))}
              onReload={() => void reload(true)}
              onGrantProposed={() => setGrantsKey((k) => k + 1)}
              pendingTags={pendingRoleTags(grants, row.memberKey)}
              pendingRoles={pendingRolesOf(grants, row.memberKey)}
            />
          ))}
          {next !== null && (
            <Button className='big-button secondary load-more' disabled={off(loadingMore)} onClick={() => void loadMore()}>
              {loadingMore ? MEMBERS_TEXT.loadingMore : MEMBERS_TEXT.more}
            </Button>
          )}
          </>)}
        </View>
      )}
    </PageRoot>
  );
}

function MemberItem(props: {
  estateId: string;
  row: MemberRow;
  member: MemberView;
  open: boolean;
  onToggle: () => void;
  onUpdated: (m: MemberView) => void;
  onReload: () => void;
  onGrantProposed: () => void;
  /** sensitive roles proposed for this member, waiting for a second person */
  pendingTags: string[];
  pendingRoles: Role[];
}) {
  const { row } = props;
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const doneText = useRef<string>(MEMBERS_TEXT.done);

  const choose = (p: Pending) => {
    setPending(p);
    setMessage(null);
  };

  /** Check the reason, send the change; resolves with an error message or null. */
  const send = async (p: Pending): Promise<string | null> => {
    const { estateId } = props;
    const key = row.memberKey;
    if (p.kind === 'role') {
      const checked = roleChangeInput(estateId, key, p.option, reason);
      if (!checked.ok) return checked.message;
      setBusy(true);
      const res = await api.identity.changeRole(checked.input);
      setBusy(false);
      if (!res.ok) return res.error.message;
      props.onUpdated(res.data.member);
      doneText.current = roleChangeDone(res.data);
      if (res.data.pendingGrant) props.onGrantProposed();
      return null;
    }
    if (p.kind === 'revoke') {
      const checked = revokeOwnershipInput(estateId, key, p.unitId, reason);
      if (!checked.ok) return checked.message;
      setBusy(true);
      const res = await api.identity.revokeOwnership(checked.input);
      setBusy(false);
      if (!res.ok) return res.error.message;
      props.onUpdated(res.data.member);
      return null;
    }
    const checked = decideRepresentativeInput(estateId, p.unitId, key, reason);
    if (!checked.ok) return checked.message;
    setBusy(true);
    const res = await api.identity.decideRepresentative(checked.input);
    setBusy(false);
    if (!res.ok) return res.error.message;
    props.onReload(); // the other co-owners' flags changed too
    return null;
  };

  const submit = async () => {
    if (!pending || busy) return;
    setMessage(null);
    doneText.current = MEMBERS_TEXT.done;
    const error = await send(pending);
    if (error) return setMessage(error);
    setPending(null);
    setReason('');
    void Taro.showToast({ title: doneText.current, icon: 'success' });
  };

  const pendingTitle =
    pending?.kind === 'role'
      ? roleActionLabel(pending.option)
      : pending?.kind === 'revoke'
        ? `${MEMBERS_TEXT.revokeOwnership}：${pending.label}`
        : pending
          ? `${MEMBERS_TEXT.makeRepresentative}：${pending.label}`
          : '';

  return (
    <View className='list-row member-item'>
      <View className='row-head' {...asButton()} aria-expanded={props.open} onClick={props.onToggle}>
        <View className='row-title'>
          <Text className='member-name'>{row.name}</Text>
          {row.roles.map((r) => (
            <Text key={r.role} className={chipClass(roleTone(r.role), `role-chip role-${r.role}`)}>
              {r.label}
            </Text>
          ))}
          {props.pendingTags.map((t) => (
            <Text key={t} className='chip tone-warning role-chip pending-role'>
              {t}
            </Text>
          ))}
        </View>
        <Text className='small-button manage-member'>{props.open ? '收起' : '管理'}</Text>
      </View>
      {row.units.map((u) => (
        <View key={u.unitId} className='member-unit'>
          <Text>{u.label}</Text>
          {u.tags.map((t) => (
            <Text key={t} className={`chip ${t === MEMBERS_TEXT.representative ? 'tone-success representative-tag' : 'tone-info method-tag'}`}>
              {t}
            </Text>
          ))}
        </View>
      ))}
      {props.open && (
        <View className='manage-panel'>
          <Text className='section-label'>{MEMBERS_TEXT.rolesTitle}</Text>
          <View>
            {roleOptions(props.member, props.pendingRoles).map((o) => (
              <Button
                disabled={off(o.pending)}
                key={o.role}
                className={`small-button role-option option-${o.role}${o.held ? ' held' : ''}${pending?.kind === 'role' && pending.option.role === o.role ? ' selected' : ''}`}
                onClick={() => choose({ kind: 'role', option: o })}
              >
                {roleActionLabel(o)}
              </Button>
            ))}
          </View>
          <Text className='rule-text'>{MEMBERS_TEXT.ownerNote}</Text>
          <Text className='rule-text'>{MEMBERS_TEXT.sensitiveNote}</Text>
          {row.units.map((u) => (
            <View key={u.unitId}>
              <Text className='section-label'>{u.label}</Text>
              <Button className='small-button danger revoke-ownership' onClick={() => choose({ kind: 'revoke', unitId: u.unitId, label: u.label })}>
                {MEMBERS_TEXT.revokeOwnership}
              </Button>
              {u.coOwned && !u.isRepresentative && (
                <Button className='small-button make-representative' onClick={() => choose({ kind: 'rep', unitId: u.unitId, label: u.label })}>
                  {MEMBERS_TEXT.makeRepresentative}
                </Button>
              )}
            </View>
          ))}
          {pending && (
            <View className='decision-panel'>
              <Text className='row-title pending-title'>{pendingTitle}</Text>
              {pending.kind === 'revoke' && <Text className='rule-text'>{MEMBERS_TEXT.revokeOwnershipHint}</Text>}
              {pending.kind === 'rep' && <Text className='rule-text'>{MEMBERS_TEXT.representativeHint}</Text>}
              <Text className='field-label'>{MEMBERS_TEXT.reasonLabel}</Text>
              <Textarea
                className='form-textarea reason-input change-reason'
                value={reason}
                maxlength={200}
                placeholder={MEMBERS_TEXT.reasonPlaceholder}
                onInput={(e) => {
                  setReason(e.detail.value);
                  setMessage(null);
                }}
              />
              {message && <Text className='field-error change-error'>{message}</Text>}
              <Button className='big-button primary confirm-change' disabled={off(busy)} onClick={() => void submit()}>
                {busy ? MEMBERS_TEXT.submitting : MEMBERS_TEXT.confirm}
              </Button>
              <Button className='big-button cancel-change' disabled={off(busy)} onClick={() => setPending(null)}>
                {MEMBERS_TEXT.cancel}
              </Button>
            </View>
          )}
        </View>
      )}
    </View>
  );
}

/** Pending grants of sensitive roles: 确认/拒绝 for a second person, 撤回 for the proposer. */
function RoleGrants(props: { estateId: string; refreshKey: number; onConfirmed: () => void; onLoaded: (grants: RoleGrantView[]) => void; confirmOnly?: boolean }) {
  const [grants, setGrants] = useState<RoleGrantView[]>([]);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { estateId, onLoaded } = props;
  const load = useCallback(async () => {
    const res = await api.identity.listRoleGrants({ estateId });
    if (!res.ok) return;
    setGrants(res.data.grants);
    onLoaded(res.data.grants);
  }, [estateId, onLoaded]);
  useEffect(() => {
    void load();
  }, [load, props.refreshKey]);

  const decide = async (grantId: string, decision: GrantDecision) => {
    if (busy) return;
    if (decision === 'reject' && rejecting !== grantId) {
      setRejecting(grantId);
      setReason('');
      setMessage(null);
      return;
    }
    const checked = decideRoleGrantInput(estateId, grantId, decision, decision === 'reject' ? reason : '');
    if (!checked.ok) return setMessage(checked.message);
    setBusy(true);
    const res = await api.identity.decideRoleGrant(checked.input);
    setBusy(false);
    if (!res.ok) return setMessage(res.error.message);
    setRejecting(null);
    setMessage(null);
    void Taro.showToast({ title: MEMBERS_TEXT.grantDone[decision], icon: 'success' });
    void load();
    if (decision === 'confirm') props.onConfirmed();
  };

  if (!grants.length) return props.confirmOnly ? <Text className='hint'>{CONFIRM_ONLY_TEXT.empty}</Text> : null;
  return (
    <View className='role-grants'>
      <Text className='section-label'>{MEMBERS_TEXT.grantsTitle}</Text>
      {props.confirmOnly && <Text className='rule-text'>{CONFIRM_ONLY_TEXT.hint}</Text>}
      {roleGrantRows(grants).map((g) => (
        <View key={g.grantId} className='role-grant'>
          <Text className='row-title'>{g.title}</Text>
          <Text className='hint'>{g.detail}</Text>
          <Text className='hint'>{g.expires}</Text>
          <View>
            {g.actions.map((a) => (
              <Button key={a.decision} className={`small-button grant-${a.decision}`} disabled={off(busy)} onClick={() => void decide(g.grantId, a.decision)}>
                {a.label}
              </Button>
            ))}
          </View>
          {rejecting === g.grantId && (
            <View className='decision-panel'>
              <Text className='field-label'>{MEMBERS_TEXT.grantRejectReason}</Text>
              <Textarea className='form-textarea reason-input grant-reason' value={reason} maxlength={200} onInput={(e) => setReason(e.detail.value)} />
            </View>
          )}
          {message && rejecting === g.grantId && <Text className='field-error grant-error'>{message}</Text>}
        </View>
      ))}
      {message && rejecting === null && <Text className='field-error grant-error'>{message}</Text>}
    </View>
  );
}
