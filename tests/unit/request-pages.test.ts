/**
 * The request pages' view logic (issue 12 item 8): what to offer to whom (and that it never disagrees with the state
 * machine the server runs), who holds a request and until when in Asia/Shanghai, the timeline in words, the
 * 提交诉求 form reducer with its photos, idempotency key and coded errors, and the step forms' calls.
 */
import { REQUEST_TRANSITIONS } from '../../server/core/requests/machine';
import type { RequestDetailOutput, RequestRow, TimelineEntry } from '../../types/requests';
import { REQUEST_FINAL_STATUSES, REQUEST_STATUSES, TIMELINE_LABELS } from '../../types/requests';
import { rolesFor } from '../../types/permissions';
import { homeSections } from '../../src/lib/home-view';
import { myEstateView } from '../../src/lib/me-view';
import {
  fileFormProblems,
  fileFormReducer,
  fileRequestInput,
  homesOf,
  initFileForm,
  INITIAL_STEP_FORM,
  newRequestKey,
  stepCall,
  stepFormReducer,
  type FileFormState,
} from '../../src/lib/request-form';
import { fileRequestUrl, myRequestsUrl, requestDetailUrl } from '../../src/lib/request-routes';
import {
  publicRowView,
  coSignLine,
  coSignOffer,
  endingLine,
  requesterLine,
  ACTION_FROM,
  ACTION_LABELS,
  filedLines,
  holderLine,
  locationText,
  offeredActions,
  progressSteps,
  requestRowView,
  timelineRows,
  topicDraftOf,
} from '../../src/lib/request-view';

const row = (over: Partial<RequestRow> = {}): RequestRow => ({
  requestId: 'req_1',
  category: 'safety',
  status: 'dispatched',
  holder: 'grid',
  filedAt: '2026-12-03T02:00:00.000Z',
  respondBy: '2026-12-04T10:00:00.000Z', // 18:00 in Shanghai
  resolveBy: '2026-12-08T02:00:00.000Z',
  coSignCount: 0,
  ...over,
});
const detail = (over: Partial<RequestDetailOutput> = {}): Pick<RequestDetailOutput, 'status' | 'holder' | 'mine' | 'view' | 'topic'> => ({ status: 'dispatched', holder: 'grid', mine: false, view: 'full', topic: null, ...over });

describe('which actions to offer', () => {
  it('starts each action from exactly the statuses the state machine allows', () => {
    const move = { rate: 'confirm', withdraw: 'withdraw', contact: 'contact', extend: 'extend', handle: 'handle', dispatch: 'dispatch', reassign: 'reassign' } as const;
    for (const [action, m] of Object.entries(move)) expect([...ACTION_FROM[action as keyof typeof move]].sort()).toEqual([...REQUEST_TRANSITIONS[m].from].sort());
    // 不满意 reopens from the same status as a confirmation
    expect(REQUEST_TRANSITIONS.reopen.from).toEqual(ACTION_FROM.rate);
  });

  it('the requester rates a handled request and withdraws an open one, nothing else, whatever roles they hold', () => {
    expect(offeredActions(detail({ mine: true, status: 'handled' }), ['resident'])).toEqual(['rate']);
    expect(offeredActions(detail({ mine: true, status: 'dispatched' }), ['resident', 'grid_worker', 'community_staff'])).toEqual(['withdraw']);
    expect(offeredActions(detail({ mine: true, status: 'rated' }), ['owner'])).toEqual([]);
  });

  it('the holder organisation contacts, extends and handles; another organisation gets nothing', () => {
    expect(offeredActions(detail({ status: 'dispatched' }), ['grid_worker'])).toEqual(['contact', 'handle', 'refer']);
    expect(offeredActions(detail({ status: 'contacted' }), ['grid_worker'])).toEqual(['extend', 'handle', 'refer']);
    expect(offeredActions(detail({ status: 'extended' }), ['grid_worker'])).toEqual(['handle', 'refer']);
    expect(offeredActions(detail({ status: 'reopened', holder: 'community' }), ['grid_worker'])).toEqual([]);
    expect(offeredActions(detail({ status: 'dispatched', holder: 'property' }), ['grid_worker'])).toEqual([]);
    expect(offeredActions(detail({ status: 'handled' }), ['grid_worker'])).toEqual([]);
  });

  it('community staff dispatch a received request and reassign an open one (and handle what the 居委会 holds)', () => {
    expect(offeredActions(detail({ status: 'received', holder: null }), ['community_staff'])).toEqual(['dispatch', 'duplicate', 'refer']);
    expect(offeredActions(detail({ status: 'dispatched', holder: 'property' }), ['community_staff'])).toEqual(['reassign', 'duplicate', 'refer']);
    expect(offeredActions(detail({ status: 'reopened', holder: 'community' }), ['community_staff'])).toEqual(['contact', 'handle', 'reassign', 'duplicate', 'refer']);
    expect(offeredActions(detail({ status: 'rated' }), ['community_staff'])).toEqual([]);
  });

  it('another resident reading a public request is offered nothing', () => {
    expect(offeredActions(detail({ view: 'public', status: 'dispatched' }), ['resident', 'grid_worker'])).toEqual([]);
  });

  it('转为议题, 标记为重复 and 转交其他单位 start from the statuses the state machine allows (linking is no move: any request not over)', () => {
    expect([...ACTION_FROM.duplicate].sort()).toEqual([...REQUEST_TRANSITIONS.markDuplicate.from].sort());
    expect([...ACTION_FROM.refer].sort()).toEqual([...REQUEST_TRANSITIONS.referOut.from].sort());
    expect([...ACTION_FROM.linkTopic].sort()).toEqual(REQUEST_STATUSES.filter((s) => !REQUEST_FINAL_STATUSES.includes(s)).sort());
  });

  it('the party secretary and committee members (requests.linkTopic) take a request not yet linked and not over to a topic, public ones included', () => {
    for (const role of rolesFor('requests.linkTopic')) {
      expect(offeredActions(detail({ view: 'public', status: 'dispatched', holder: 'property' }), [role])).toEqual(['linkTopic']);
      expect(offeredActions(detail({ view: 'public', status: 'handled', holder: 'property' }), [role])).toEqual(['linkTopic']);
      expect(offeredActions(detail({ view: 'public', status: 'dispatched', topic: { topicId: 't1', title: '加装电梯', stage: 'consultation' } }), [role])).toEqual([]);
      for (const status of REQUEST_FINAL_STATUSES) expect(offeredActions(detail({ view: 'public', status }), [role])).toEqual([]);
    }
    // a committee member on a request the committee holds: its own steps first
    expect(offeredActions(detail({ status: 'dispatched', holder: 'committee' }), ['committee_member'])).toEqual(['contact', 'handle', 'linkTopic', 'refer']);
    expect(offeredActions(detail({ view: 'public', status: 'dispatched' }), ['owner', 'resident', 'grid_worker', 'community_staff'])).toEqual([]);
    // nobody takes their own request to a topic from here
    expect(offeredActions(detail({ mine: true, status: 'dispatched' }), ['party_secretary'])).toEqual(['withdraw']);
  });

  it('community staff mark an open request as a duplicate or refer it out; the holder refers it out; nothing once it is over', () => {
    expect(offeredActions(detail({ status: 'received', holder: null }), ['community_staff'])).toEqual(['dispatch', 'duplicate', 'refer']);
    expect(offeredActions(detail({ status: 'dispatched', holder: 'property' }), ['community_staff'])).toEqual(['reassign', 'duplicate', 'refer']);
    expect(offeredActions(detail({ status: 'contacted' }), ['grid_worker'])).toEqual(['extend', 'handle', 'refer']);
    expect(offeredActions(detail({ status: 'handled' }), ['community_staff'])).toEqual([]);
    expect(offeredActions(detail({ status: 'received', holder: null }), ['grid_worker'])).toEqual([]);
  });

  it('button texts come from the timeline labels', () => {
    expect(ACTION_LABELS.linkTopic).toBe('转为议题');
    expect(ACTION_LABELS.duplicate).toBe('标记为重复');
    expect(ACTION_LABELS.refer).toBe(TIMELINE_LABELS.referOut);
    expect(ACTION_LABELS.rate).toBe(TIMELINE_LABELS.confirm);
    expect(ACTION_LABELS.handle).toBe(TIMELINE_LABELS.handle);
  });
});

describe('who holds it and until when (Asia/Shanghai)', () => {
  const NOW = Date.parse('2026-12-03T03:00:00.000Z');
  it('says whom and the deadline the holder works against, and when it has passed', () => {
    expect(holderLine(row(), NOW)).toBe('网格员 · 12月4日 18:00 前答复');
    expect(holderLine(row(), Date.parse('2026-12-04T10:00:00.000Z'))).toBe('网格员 · 12月4日 18:00 前答复（已超时）');
    expect(holderLine(row({ status: 'contacted' }), NOW)).toBe('网格员 · 12月8日 10:00 前办结');
    expect(holderLine(row({ status: 'extended', holder: 'property' }), NOW)).toBe('物业 · 12月8日 10:00 前办结');
    expect(holderLine(row({ status: 'reopened', holder: 'community' }), NOW)).toBe('居委会 · 12月4日 18:00 前答复');
    expect(holderLine(row({ status: 'handled' }))).toBe('网格员已办理，等待诉求人确认评价');
    expect(holderLine(row({ status: 'handled' }), NOW, true)).toBe('网格员已办理，请你确认并评价');
    expect(holderLine(row({ status: 'received', holder: null }))).toBe('等待社区派单');
    expect(holderLine(row({ status: 'rated' }))).toBeNull();
  });

  it('a list row: category, status, tone, holder, filing time', () => {
    expect(requestRowView(row(), NOW)).toEqual({ requestId: 'req_1', title: '安全隐患', statusLabel: '已派单', tone: 'info', holder: '网格员 · 12月4日 18:00 前答复', filed: '提交于 12月3日 10:00' });
    for (const s of REQUEST_STATUSES) expect(requestRowView(row({ status: s })).statusLabel).not.toBe('');
  });

  it('after filing: who holds it and until when', () => {
    expect(filedLines({ holder: 'grid', respondBy: '2026-12-04T10:00:00.000Z', resolveBy: '2026-12-08T10:00:00.000Z' })).toEqual(['已交给网格员办理', '12月4日 18:00 前联系你', '12月8日 18:00 前办结']);
  });

  it('where it is', () => {
    expect(locationText({ locationKind: 'public', building: null, place: '3号楼北侧消防通道' })).toBe('公共区域 · 3号楼北侧消防通道');
    expect(locationText({ locationKind: 'building', building: '2', place: null })).toBe('楼栋 · 2号楼');
    expect(locationText({ locationKind: 'unit', building: null, place: null })).toBe('我的房屋');
  });
});

describe('co-signing, endings and the requester for the holder', () => {
  it('offers 附议 to whom the server allows, and taking it back while the request is open', () => {
    expect(coSignOffer({ canCoSign: true, coSignedByMe: false, mine: false, status: 'dispatched' })).toBe('coSign');
    expect(coSignOffer({ canCoSign: false, coSignedByMe: true, mine: false, status: 'contacted' })).toBe('withdraw');
    expect(coSignOffer({ canCoSign: false, coSignedByMe: true, mine: false, status: 'rated' })).toBeNull();
    expect(coSignOffer({ canCoSign: true, coSignedByMe: false, mine: true, status: 'dispatched' })).toBeNull();
    expect([coSignLine(0), coSignLine(3)]).toEqual([null, '已有 3 位住户附议']);
  });
  it('says where a request not ours went, and that a duplicate is handled with the other one', () => {
    expect(endingLine({ status: 'not_ours', referredTo: '供电公司', duplicateOf: null })).toBe('已转交：供电公司');
    expect(endingLine({ status: 'duplicate', referredTo: null, duplicateOf: 'req_0' })).toBe('与另一件诉求重复，合并办理');
    expect(endingLine({ status: 'rated', referredTo: null, duplicateOf: null })).toBeNull();
  });
  it('the requester line for the holder', () => {
    expect(requesterLine({ requesterName: '赵*', requesterPhone: '13800138000' })).toBe('赵* · 13800138000');
    expect(requesterLine({ requesterName: null, requesterPhone: null })).toBeNull();
  });
});

describe('小区公开诉求', () => {
  it('a public row: the start of the text, the co-signatures and whether it is mine or co-signed by me', () => {
    const NOW = Date.parse('2026-12-03T03:00:00.000Z');
    const v = publicRowView({ ...row(), coSignCount: 2, summary: '消防通道被堵', coSignedByMe: true, mine: false }, NOW);
    expect([v.title, v.summary, v.coSign, v.holder]).toEqual(['安全隐患', '消防通道被堵', '已有 2 位住户附议 · 我已附议', '网格员 · 12月4日 18:00 前答复']);
    expect(publicRowView({ ...row(), coSignCount: 0, summary: 'x', coSignedByMe: false, mine: false }, NOW).coSign).toBeNull();
  });
});

describe('the timeline in words', () => {
  const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({ kind: 'received', at: '2026-12-03T02:00:00.000Z', actorRole: 'requester', holder: null, text: null, rating: null, ...over });
  it('label, Shanghai time, acting role, to whom it went, its text and rating', () => {
    const rows = timelineRows([
      entry({}),
      entry({ kind: 'dispatch', actorRole: null, holder: 'grid' }),
      entry({ kind: 'handle', actorRole: 'grid_worker', holder: 'grid', text: '已清理' }),
      entry({ kind: 'reopen', actorRole: 'requester', holder: 'community', text: '没清干净', rating: 'unsatisfied' }),
    ]);
    expect(rows.map((r) => [r.label, r.time, r.actor, r.handedTo, r.text, r.rating])).toEqual([
      ['提交诉求', '2026年12月3日 10:00', '诉求人', null, null, null],
      ['派单', '2026年12月3日 10:00', '系统', '交给 网格员', null, null],
      ['办理完毕', '2026年12月3日 10:00', '网格员', null, '已清理', null],
      ['不满意，重新办理', '2026年12月3日 10:00', '诉求人', '交给 居委会', '没清干净', '评价：不满意'],
    ]);
  });

  it('progress at a glance', () => {
    expect(progressSteps('contacted').map((s) => s.state)).toEqual(['done', 'done', 'done', 'current', 'todo']);
    expect(progressSteps('rated').every((s) => s.state === 'done')).toBe(true);
    expect(progressSteps('reopened').map((s) => s.state)).toEqual(['done', 'done', 'current', 'todo', 'todo']);
  });
});

describe('提交诉求: the form', () => {
  const fill = (s: FileFormState) =>
    [
      { type: 'category', category: 'safety' },
      { type: 'description', text: '  消防通道被电动车堵住  ' },
      { type: 'place', text: '3号楼北侧' },
    ].reduce((acc, e) => fileFormReducer(acc, e as never), s);

  it('owners start at their own unit (private), anyone else at a public area (public)', () => {
    const owner = initFileForm([{ unitId: 'hemu:1-1-101' }]);
    expect([owner.locationKind, owner.unitId, owner.visibility]).toEqual(['unit', 'hemu:1-1-101', 'private']);
    const tenant = initFileForm([]);
    expect([tenant.locationKind, tenant.visibility]).toEqual(['public', 'public']);
    // the visibility follows the location until the person chooses it
    expect(fileFormReducer(owner, { type: 'locationKind', kind: 'building' }).visibility).toBe('public');
    const chosen = fileFormReducer(owner, { type: 'visibility', visibility: 'private' });
    expect(fileFormReducer(chosen, { type: 'locationKind', kind: 'public' }).visibility).toBe('private');
  });

  it('a resident whose unit staff recorded files about it as 我的房屋; a building-only residence is preselected', () => {
    const homes = homesOf({ units: [], residence: { unitId: 'hemu:2-1-502', label: '2号楼1单元502', building: '2' } });
    expect(homes).toEqual({ units: [{ unitId: 'hemu:2-1-502', label: '2号楼1单元502' }], building: '2' });
    expect(initFileForm(homes).locationKind).toBe('unit');
    const buildingOnly = initFileForm(homesOf({ units: [], residence: { unitId: null, label: '2号楼', building: '2' } }));
    expect([buildingOnly.locationKind, buildingOnly.building]).toEqual(['public', '2']);
    expect(fileFormReducer(buildingOnly, { type: 'locationKind', kind: 'building' }).building).toBe('2');
  });

  it('checks what is missing before sending', () => {
    expect(fileFormProblems(initFileForm([]))).toEqual({ category: '请选择诉求类别', description: '请写下诉求内容', location: '请写下公共区域的位置' });
    expect(fileFormProblems(fileFormReducer(initFileForm([]), { type: 'locationKind', kind: 'building' })).location).toBe('请选择楼栋');
    expect(fileFormProblems(fill(initFileForm([])))).toEqual({});
  });

  it('photos upload as picked; the input sends only finished ones and only the location its kind needs', () => {
    let s = fill(initFileForm([]));
    s = fileFormReducer(s, { type: 'photosPicked', files: [{ name: 'a.jpg' }, { name: 'b.jpg' }] });
    expect(s.photos.map((p) => [p.localId, p.status])).toEqual([['p1', 'uploading'], ['p2', 'uploading']]);
    expect(fileFormProblems(s).photos).toBe('照片还在上传，请稍候');
    s = fileFormReducer(s, { type: 'photoUploaded', localId: 'p1', fileId: 'uploads/u/a.jpg' });
    s = fileFormReducer(s, { type: 'photoFailed', localId: 'p2', error: '上传失败' });
    expect(fileFormProblems(s)).toEqual({});
    expect(fileRequestInput('hemu', s, 'KEY12345')).toEqual({
      estateId: 'hemu', idempotencyKey: 'KEY12345', category: 'safety', description: '消防通道被电动车堵住', photos: ['uploads/u/a.jpg'], locationKind: 'public', place: '3号楼北侧', visibility: 'public',
    });
    // at most nine
    s = fileFormReducer(s, { type: 'photosPicked', files: Array.from({ length: 12 }, (_, i) => ({ name: `${i}.jpg` })) });
    expect(s.photos).toHaveLength(9);
  });

  it('an optional phone to be called back: checked when given, sent without spaces', () => {
    let s = fill(initFileForm([]));
    s = fileFormReducer(s, { type: 'contactPhone', text: '1380013' });
    expect(fileFormProblems(s).contactPhone).toBe('请填写 11 位手机号，或者不填');
    s = fileFormReducer(s, { type: 'contactPhone', text: '138 0013 8000' });
    expect(fileFormProblems(s)).toEqual({});
    expect(fileRequestInput('hemu', s, 'KEY12345').contactPhone).toBe('13800138000');
    expect('contactPhone' in fileRequestInput('hemu', fill(initFileForm([])), 'KEY12345')).toBe(false);
  });

  it('keeps the idempotency key for a retry of the same content and drops it on any edit', () => {
    let s = fileFormReducer(fill(initFileForm([])), { type: 'submitStarted', key: 'KEY12345' });
    s = fileFormReducer(s, { type: 'submitFailed', error: { code: 'NETWORK', message: '网络异常，请稍后重试' } as never });
    expect([s.key, s.formError, s.submitting]).toEqual(['KEY12345', '网络异常，请稍后重试', false]);
    expect(fileFormReducer(s, { type: 'description', text: '改了' }).key).toBeNull();
    expect(newRequestKey()).toMatch(/^[A-Za-z0-9]{24}$/);
  });

  it('puts a coded field error under its field, the rest as the form line', () => {
    let s = fileFormReducer(fill(initFileForm([{ unitId: 'u1' }])), { type: 'submitStarted', key: 'KEY12345' });
    s = fileFormReducer(s, { type: 'submitFailed', error: { code: 'INVALID_INPUT', message: '输入有误', fields: [{ field: 'unitId', code: 'FIELD_REQUIRED', message: '请填写房屋' }] } as never });
    expect([s.errors.location, s.formError]).toEqual(['请填写房屋', null]);
    s = fileFormReducer(s, { type: 'submitFailed', error: { code: 'REQUEST_UNIT_NOT_OWN', message: '只能为自己的房屋提交诉求' } as never });
    expect(s.formError).toBe('只能为自己的房屋提交诉求');
  });
});

describe('the step forms on 诉求详情', () => {
  const ref = { estateId: 'hemu', requestId: 'req_1' };
  const open = (kind: Parameters<typeof stepFormReducer>[1] & { type: 'open' }) => stepFormReducer(INITIAL_STEP_FORM, kind);

  it('rating needs a choice; the comment is optional', () => {
    let s = open({ type: 'open', kind: 'rate' });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '请选择评价' });
    s = stepFormReducer(s, { type: 'rating', rating: 'unsatisfied' });
    s = stepFormReducer(s, { type: 'text', text: ' 还是堵着 ' });
    expect(stepCall(ref, s)).toEqual({ ok: true, call: { action: 'rateRequest', input: { ...ref, rating: 'unsatisfied', comment: '还是堵着' } } });
  });

  it('extend needs hours and a reason; dispatch an organisation and a reason; handle a result', () => {
    let s = open({ type: 'open', kind: 'extend' });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '请选择延长多久' });
    s = stepFormReducer(stepFormReducer(s, { type: 'hours', hours: 48 }), { type: 'text', text: '等配件' });
    expect(stepCall(ref, s)).toEqual({ ok: true, call: { action: 'extendRequest', input: { ...ref, hours: 48, reason: '等配件' } } });

    s = stepFormReducer(open({ type: 'open', kind: 'reassign' }), { type: 'org', org: 'property' });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '请写明理由' });
    s = stepFormReducer(s, { type: 'text', text: '属于物业' });
    expect(stepCall(ref, s)).toEqual({ ok: true, call: { action: 'dispatchRequest', input: { ...ref, to: 'property', reason: '属于物业' } } });

    s = open({ type: 'open', kind: 'handle' });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '请写下办理结果' });
    s = stepFormReducer(s, { type: 'text', text: '已清理通道' });
    s = stepFormReducer(s, { type: 'photosPicked', files: [{ name: 'x.jpg' }] });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '照片还在上传，请稍候' });
    s = stepFormReducer(s, { type: 'photoUploaded', localId: 'p1', fileId: 'f1' });
    expect(stepCall(ref, s)).toEqual({ ok: true, call: { action: 'handleRequest', input: { ...ref, result: '已清理通道', photos: ['f1'] } } });

    s = open({ type: 'open', kind: 'contact' });
    expect(stepCall(ref, s)).toEqual({ ok: true, call: { action: 'contactRequest', input: ref } });
  });

  it('转为议题 opens with the draft from the request (category and first words, the description) and sends a new topic', () => {
    const draft = topicDraftOf({ category: 'public_facility', description: '3 号楼电梯经常停运，老人上下楼很困难。希望业主一起商量加装或更换。' });
    expect(draft.title).toBe('公共设施：3 号楼电梯经常停运');
    expect(draft.summary).toBe('3 号楼电梯经常停运，老人上下楼很困难。希望业主一起商量加装或更换。');
    expect(topicDraftOf({ category: 'safety', description: '一二三四五六七八九十一二三四五六七八九十一二三' }).title).toBe('安全隐患：一二三四五六七八九十一二三四五六七八九十…');
    let s = open({ type: 'open', kind: 'linkTopic', title: draft.title, text: draft.summary });
    expect(stepCall(ref, s)).toEqual({ ok: true, call: { action: 'linkRequestToTopic', input: { ...ref, topicTitle: draft.title, topicSummary: draft.summary } } });
    s = stepFormReducer(s, { type: 'title', title: ' 电梯 ' });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '议题标题至少 4 个字' });
    s = stepFormReducer(stepFormReducer(s, { type: 'title', title: '加装电梯' }), { type: 'text', text: '太短' });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '议题说明至少 10 个字' });
    s = stepFormReducer(s, { type: 'failed', error: { code: 'TOPIC_PROPOSER_NOT_IN_RULES', message: '议事规则没有让你发起议题' } as never });
    expect([s.open, s.title, s.error]).toEqual(['linkTopic', '加装电梯', '议事规则没有让你发起议题']);
  });

  it('标记为重复 needs the other request and the confirmation; 转交其他单位 the organisation and the confirmation', () => {
    let s = open({ type: 'open', kind: 'duplicate' });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '请选择重复的那件诉求' });
    s = stepFormReducer(s, { type: 'duplicateOf', requestId: 'req_0' });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '请先勾选确认' });
    s = stepFormReducer(s, { type: 'confirmed', confirmed: true });
    expect(stepCall(ref, s)).toEqual({ ok: true, call: { action: 'markDuplicate', input: { ...ref, duplicateOf: 'req_0' } } });

    s = stepFormReducer(open({ type: 'open', kind: 'refer' }), { type: 'confirmed', confirmed: true });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '请写明转交的单位' });
    s = stepFormReducer(s, { type: 'text', text: ' 区供电公司 ' });
    expect(stepCall(ref, s)).toEqual({ ok: true, call: { action: 'referOut', input: { ...ref, referredTo: '区供电公司' } } });
    s = stepFormReducer(s, { type: 'confirmed', confirmed: false });
    expect(stepCall(ref, s)).toEqual({ ok: false, error: '请先勾选确认' });
  });

  it('a refusal shows the server message and keeps the form', () => {
    let s = stepFormReducer(open({ type: 'open', kind: 'withdraw' }), { type: 'sending' });
    s = stepFormReducer(s, { type: 'failed', error: { code: 'REQUEST_MOVE_NOT_ALLOWED', message: '诉求现在是“已评价办结”，不能撤回诉求' } as never });
    expect([s.open, s.busy, s.error]).toEqual(['withdraw', false, '诉求现在是“已评价办结”，不能撤回诉求']);
  });
});

describe('entries (by URL only)', () => {
  const current = (roles: string[]) => ({ estate: { estateId: 'hemu' }, roles, units: [], formerUnits: [], displayName: '赵*' }) as never;
  it('home and 我的 offer the requests to owners and residents, not to staff only', () => {
    expect(homeSections({ estates: [{}] as never, current: current(['resident']) }).requests).toBe(true);
    expect(homeSections({ estates: [{}] as never, current: current(['owner']) }).requests).toBe(true);
    expect(homeSections({ estates: [{}] as never, current: current(['property_manager']) }).requests).toBe(false);
    expect(myEstateView({ estateId: 'hemu', name: '和睦家园' }, { roles: ['resident'], units: [] } as never, undefined).requestsUrl).toBe('/packages/requests/index?estateId=hemu');
    expect(myEstateView({ estateId: 'hemu', name: '和睦家园' }, { roles: ['grid_worker'], units: [] } as never, undefined).requestsUrl).toBeNull();
  });
  it('urls', () => {
    expect(fileRequestUrl('hemu')).toBe('/packages/requests/new/index?estateId=hemu');
    expect(myRequestsUrl('hemu')).toBe('/packages/requests/index?estateId=hemu');
    expect(requestDetailUrl('hemu', 'req_1')).toBe('/packages/requests/detail/index?estateId=hemu&requestId=req_1');
  });
});
