/**
 * The state of 提交诉求 (packages/requests/new) and of the step forms on 诉求详情 (rate, withdraw, contact, extend,
 * handle, dispatch) as reducers: every transition, the checks before sending and the inputs sent are tested
 * without Taro (tests/unit/request-pages.test.ts). Photos go up one by one through the files port as they are
 * picked (the same path as certificate photos: api.files.upload, recorded by the server), and the form sends only
 * the file ids that finished.
 */
import type { ApiError } from '../../types/errors';
import {
  REQUEST_DESCRIPTION_MAX,
  REQUEST_PHOTOS_MAX,
  requestsLabels,
  type DispatchRequestInput,
  type ExtendRequestInput,
  type FileRequestInput,
  type FileRequestOutput,
  type HandleRequestInput,
  type HandlerOrg,
  type LocationKind,
  type RateRequestInput,
  type RequestCategory,
  type RequestRating,
  type RequestVisibility,
  type WithdrawRequestInput,
  type ContactRequestInput,
  type LinkRequestToTopicInput,
  type MarkDuplicateInput,
  type ReferOutInput,
} from '../../types/requests';
import type { MyUnit, Residence } from '../../types/identity';

/* ------------------------------------------------------------------ photos */

export interface PhotoSlot {
  localId: string;
  name: string;
  previewUrl?: string;
  status: 'uploading' | 'done' | 'error';
  fileId?: string;
  error?: string;
}
export interface Photos {
  photos: PhotoSlot[];
  photoSeq: number;
}
export type PhotoEvent =
  | { type: 'photosPicked'; files: { name: string; previewUrl?: string }[] }
  | { type: 'photoUploaded'; localId: string; fileId: string }
  | { type: 'photoFailed'; localId: string; error: string }
  | { type: 'removePhoto'; localId: string };

export const photoSlotsLeft = (p: Photos) => Math.max(0, REQUEST_PHOTOS_MAX - p.photos.length);
export const photosBusy = (p: Photos) => p.photos.some((s) => s.status === 'uploading');
export const uploadedIds = (p: Photos) => p.photos.filter((s) => s.status === 'done' && s.fileId).map((s) => s.fileId as string);
/** The local ids the next `photosPicked` of `count` files will give (the page starts their uploads with them). */
export function nextPhotoIds(p: Photos, count: number): string[] {
  return Array.from({ length: Math.min(count, photoSlotsLeft(p)) }, (_, i) => `p${p.photoSeq + i + 1}`);
}

export function photosReducer<S extends Photos>(s: S, e: PhotoEvent): S {
  switch (e.type) {
    case 'photosPicked': {
      const ids = nextPhotoIds(s, e.files.length);
      const added: PhotoSlot[] = ids.map((localId, i) => ({ localId, name: e.files[i].name, previewUrl: e.files[i].previewUrl, status: 'uploading' }));
      return { ...s, photos: [...s.photos, ...added], photoSeq: s.photoSeq + ids.length };
    }
    case 'photoUploaded':
      return { ...s, photos: s.photos.map((p) => (p.localId === e.localId ? { ...p, status: 'done', fileId: e.fileId, error: undefined } : p)) };
    case 'photoFailed':
      return { ...s, photos: s.photos.map((p) => (p.localId === e.localId ? { ...p, status: 'error', error: e.error } : p)) };
    case 'removePhoto':
      return { ...s, photos: s.photos.filter((p) => p.localId !== e.localId) };
  }
}

const isPhotoEvent = (e: { type: string }): e is PhotoEvent => ['photosPicked', 'photoUploaded', 'photoFailed', 'removePhoto'].includes(e.type);

export const PHOTO_TEXT = {
  add: '添加照片',
  remove: '删除',
  uploading: '上传中…',
  busy: '照片还在上传，请稍候',
  hint: `最多 ${REQUEST_PHOTOS_MAX} 张，拍清楚问题所在的位置`,
} as const;

/** A fresh random idempotency key (24 characters of [A-Za-z0-9]). */
export function newRequestKey(random: () => number = Math.random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 24; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/* ------------------------------------------------------------------ 提交诉求 */

export type FileField = 'category' | 'description' | 'location' | 'photos' | 'contactPhone';
export type FileErrors = Partial<Record<FileField, string>>;

export interface FileFormState extends Photos {
  category: RequestCategory | null;
  description: string;
  locationKind: LocationKind;
  unitId: string | null;
  building: string | null;
  place: string;
  /** optional: the number the organisation holding it may call back (only they see it) */
  contactPhone: string;
  visibility: RequestVisibility;
  /** the person chose 公开/不公开 themselves: a change of location no longer changes it */
  visibilityChosen: boolean;
  errors: FileErrors;
  formError: string | null;
  submitting: boolean;
  /** the key of the submission being sent: reused by a retry of the same content, dropped by any edit */
  key: string | null;
  result: FileRequestOutput | null;
}

export const FILE_TEXT = {
  categoryLabel: requestsLabels.category,
  descriptionLabel: requestsLabels.description,
  descriptionPlaceholder: '请说清楚是什么问题、在哪里、从什么时候开始',
  locationLabel: requestsLabels.locationKind,
  unitLabel: '哪套房屋',
  buildingLabel: requestsLabels.building,
  placeLabel: requestsLabels.place,
  placePlaceholder: '例如：3号楼北侧消防通道',
  photosLabel: requestsLabels.photos,
  visibilityLabel: requestsLabels.visibility,
  phoneLabel: `${requestsLabels.contactPhone}（可不填）`,
  phoneHint: '只给正在办理的单位看，方便他们打电话联系你。',
  phonePlaceholder: '11 位手机号',
  phoneInvalid: '请填写 11 位手机号，或者不填',
  visibilityHint: '公开的诉求其他住户也能看到（不含照片），可以一起附议；涉及个人的请选“不公开”。',
  submit: '提交诉求',
  submitting: '提交中…',
  chooseCategory: '请选择诉求类别',
  writeDescription: '请写下诉求内容',
  chooseUnit: '请选择房屋',
  chooseBuilding: '请选择楼栋',
  writePlace: '请写下公共区域的位置',
  resultTitle: '诉求已提交',
  viewDetail: '查看办理进度',
  backToList: '我的诉求',
} as const;

/** The homes a person can file about as "我的房屋": the units they own, and the unit staff recorded for a resident. */
export interface Homes {
  units: { unitId: string; label: string }[];
  /** a resident's recorded building (the unit's, or the building only): preselected when they choose 楼栋 */
  building: string | null;
}
export function homesOf(current: { units: readonly Pick<MyUnit, 'unitId' | 'label'>[]; residence?: Residence | null }): Homes {
  const units = current.units.map((u) => ({ unitId: u.unitId, label: u.label }));
  const r = current.residence;
  if (r?.unitId && !units.some((u) => u.unitId === r.unitId)) units.push({ unitId: r.unitId, label: r.label });
  return { units, building: r?.building ?? null };
}

/** Owners (and residents whose unit staff recorded) start at their unit; anyone else at a public area. */
export function initFileForm(homes: Homes | readonly Pick<MyUnit, 'unitId'>[]): FileFormState {
  const units = 'units' in homes ? homes.units : homes;
  const building = 'units' in homes ? homes.building : null;
  const locationKind: LocationKind = units.length > 0 ? 'unit' : 'public';
  return {
    category: null,
    description: '',
    locationKind,
    unitId: units.length === 1 ? units[0].unitId : null,
    building,
    place: '',
    contactPhone: '',
    visibility: defaultVisibility(locationKind),
    visibilityChosen: false,
    photos: [],
    photoSeq: 0,
    errors: {},
    formError: null,
    submitting: false,
    key: null,
    result: null,
  };
}

/** What happens at home stays private by default; a building or a public area is everyone's business. */
export const defaultVisibility = (kind: LocationKind): RequestVisibility => (kind === 'unit' ? 'private' : 'public');

export type FileFormEvent =
  | PhotoEvent
  | { type: 'category'; category: RequestCategory }
  | { type: 'description'; text: string }
  | { type: 'locationKind'; kind: LocationKind }
  | { type: 'unit'; unitId: string }
  | { type: 'building'; building: string }
  | { type: 'place'; text: string }
  | { type: 'contactPhone'; text: string }
  | { type: 'visibility'; visibility: RequestVisibility }
  | { type: 'invalid'; errors: FileErrors }
  | { type: 'submitStarted'; key: string }
  | { type: 'submitFailed'; error: ApiError }
  | { type: 'submitted'; result: FileRequestOutput };

/** Which field of the form a server field error belongs to. */
const FIELD_OF: Record<string, FileField> = { contactPhone: 'contactPhone', category: 'category', description: 'description', unitId: 'location', building: 'location', place: 'location', locationKind: 'location', photos: 'photos' };

/** An edit clears that field's error and the key (different content is a different request). */
function edited(s: FileFormState, field: FileField, patch: Partial<FileFormState>): FileFormState {
  const errors = { ...s.errors };
  delete errors[field];
  return { ...s, ...patch, errors, formError: null, key: null };
}

export function fileFormReducer(s: FileFormState, e: FileFormEvent): FileFormState {
  if (isPhotoEvent(e)) {
    const next = photosReducer(s, e);
    return e.type === 'photosPicked' || e.type === 'removePhoto' ? edited(next, 'photos', {}) : next;
  }
  switch (e.type) {
    case 'category':
      return edited(s, 'category', { category: e.category });
    case 'description':
      return edited(s, 'description', { description: e.text });
    case 'locationKind':
      return edited(s, 'location', { locationKind: e.kind, visibility: s.visibilityChosen ? s.visibility : defaultVisibility(e.kind) });
    case 'unit':
      return edited(s, 'location', { unitId: e.unitId });
    case 'building':
      return edited(s, 'location', { building: e.building });
    case 'place':
      return edited(s, 'location', { place: e.text });
    case 'contactPhone':
      return edited(s, 'contactPhone', { contactPhone: e.text });
    case 'visibility':
      return { ...s, visibility: e.visibility, visibilityChosen: true, key: null };
    case 'invalid':
      return { ...s, errors: e.errors, formError: null };
    case 'submitStarted':
      return { ...s, submitting: true, key: e.key, errors: {}, formError: null };
    case 'submitFailed': {
      const errors: FileErrors = {};
      for (const f of e.error.fields ?? []) {
        const field = FIELD_OF[f.field.split('.')[0]];
        if (field && !errors[field]) errors[field] = f.message;
      }
      const placed = Object.keys(errors).length > 0;
      return { ...s, submitting: false, errors, formError: placed ? null : e.error.message };
    }
    case 'submitted':
      return { ...s, submitting: false, result: e.result };
  }
}

/** The form's own checks before anything is sent (the server checks again). */
export function fileFormProblems(s: FileFormState): FileErrors {
  const out: FileErrors = {};
  if (!s.category) out.category = FILE_TEXT.chooseCategory;
  const text = s.description.trim();
  if (!text) out.description = FILE_TEXT.writeDescription;
  else if (text.length > REQUEST_DESCRIPTION_MAX) out.description = `诉求内容最多 ${REQUEST_DESCRIPTION_MAX} 字`;
  if (s.locationKind === 'unit' && !s.unitId) out.location = FILE_TEXT.chooseUnit;
  if (s.locationKind === 'building' && !s.building) out.location = FILE_TEXT.chooseBuilding;
  if (s.locationKind === 'public' && !s.place.trim()) out.location = FILE_TEXT.writePlace;
  if (photosBusy(s)) out.photos = PHOTO_TEXT.busy;
  const phone = s.contactPhone.replace(/[\s-]/g, '');
  if (phone && !/^1\d{10}$/.test(phone)) out.contactPhone = FILE_TEXT.phoneInvalid;
  return out;
}

/** The input sent: only the location field its kind needs, only finished photos. */
export function fileRequestInput(estateId: string, s: FileFormState, key: string): FileRequestInput {
  const photos = uploadedIds(s);
  return {
    estateId,
    idempotencyKey: key,
    category: s.category as RequestCategory,
    description: s.description.trim(),
    ...(photos.length ? { photos } : {}),
    locationKind: s.locationKind,
    ...(s.locationKind === 'unit' ? { unitId: s.unitId as string } : {}),
    ...(s.locationKind === 'building' ? { building: s.building as string } : {}),
    ...(s.locationKind === 'public' ? { place: s.place.trim() } : {}),
    visibility: s.visibility,
    ...(s.contactPhone.trim() ? { contactPhone: s.contactPhone.replace(/[\s-]/g, '') } : {}),
  };
}

/** Building names 1..count as the roster writes them. */
export function buildingNames(count: number): string[] {
  return Array.from({ length: Math.max(0, Math.min(count, 60)) }, (_, i) => String(i + 1));
}

/* ------------------------------------------------------------------ the step forms on 诉求详情 */

export type StepKind = 'rate' | 'withdraw' | 'contact' | 'extend' | 'handle' | 'dispatch' | 'reassign' | 'linkTopic' | 'duplicate' | 'refer';

export interface StepFormState extends Photos {
  open: StepKind | null;
  rating: RequestRating | null;
  /** comment (rate), reason (withdraw, extend, dispatch), note (contact), result (handle), the topic's explanation (linkTopic), the organisation (refer) */
  text: string;
  /** the topic's title (linkTopic) */
  title: string;
  /** the request this one repeats (duplicate) */
  duplicateOf: string | null;
  /** the person has ticked that the step ends the request here (duplicate, refer) */
  confirmed: boolean;
  hours: number | null;
  org: HandlerOrg | null;
  busy: boolean;
  error: string | null;
}

export const INITIAL_STEP_FORM: StepFormState = {
  open: null, rating: null, text: '', title: '', duplicateOf: null, confirmed: false, hours: null, org: null, busy: false, error: null, photos: [], photoSeq: 0,
};

export type StepFormEvent =
  | PhotoEvent
  | { type: 'open'; kind: StepKind; title?: string; text?: string }
  | { type: 'title'; title: string }
  | { type: 'duplicateOf'; requestId: string }
  | { type: 'confirmed'; confirmed: boolean }
  | { type: 'close' }
  | { type: 'rating'; rating: RequestRating }
  | { type: 'text'; text: string }
  | { type: 'hours'; hours: number }
  | { type: 'org'; org: HandlerOrg }
  | { type: 'invalid'; error: string }
  | { type: 'sending' }
  | { type: 'failed'; error: ApiError }
  | { type: 'done' };

export function stepFormReducer(s: StepFormState, e: StepFormEvent): StepFormState {
  if (isPhotoEvent(e)) return photosReducer(s, e);
  switch (e.type) {
    case 'open':
      return { ...INITIAL_STEP_FORM, open: e.kind, title: e.title ?? '', text: e.text ?? '' };
    case 'title':
      return { ...s, title: e.title, error: null };
    case 'duplicateOf':
      return { ...s, duplicateOf: e.requestId, error: null };
    case 'confirmed':
      return { ...s, confirmed: e.confirmed, error: null };
    case 'close':
    case 'done':
      return INITIAL_STEP_FORM;
    case 'rating':
      return { ...s, rating: e.rating, error: null };
    case 'text':
      return { ...s, text: e.text, error: null };
    case 'hours':
      return { ...s, hours: e.hours, error: null };
    case 'org':
      return { ...s, org: e.org, error: null };
    case 'invalid':
      return { ...s, error: e.error };
    case 'sending':
      return { ...s, busy: true, error: null };
    case 'failed':
      return { ...s, busy: false, error: e.error.message };
  }
}

/** Hours a holder may extend by, as plain choices. */
export const EXTEND_CHOICES: readonly { hours: number; label: string }[] = [
  { hours: 24, label: '1 天' },
  { hours: 48, label: '2 天' },
  { hours: 72, label: '3 天' },
  { hours: 168, label: '7 天' },
];

export const STEP_TEXT = {
  ratingLabel: requestsLabels.rating,
  commentLabel: requestsLabels.comment,
  commentPlaceholder: '说说办得怎么样（可不填）',
  unsatisfiedWarning: '选择“不满意”后，这件诉求会重新办理，并交给上一级单位，重新计算时限。',
  withdrawLabel: '撤回原因（可不填）',
  withdrawWarning: '撤回后这件诉求不再办理，也不能恢复。',
  contactLabel: '联系情况（可不填）',
  contactPlaceholder: '例如：已电话联系，约好明天上午上门查看',
  extendHoursLabel: '延长多久',
  extendReasonLabel: '延期理由（诉求人能看到）',
  extendReasonPlaceholder: '说明为什么需要更多时间',
  resultLabel: requestsLabels.result,
  resultPlaceholder: '写清楚做了什么、结果怎样（诉求人能看到）',
  orgLabel: requestsLabels.to,
  dispatchReasonLabel: '理由（必填，会记在办理过程里）',
  dispatchReasonPlaceholder: '例如：属于楼道公共设施，应由物业处理',
  confirm: '确认',
  chooseRating: '请选择评价',
  chooseHours: '请选择延长多久',
  writeReason: '请写明理由',
  writeResult: '请写下办理结果',
  chooseOrg: '请选择办理单位',
  topicTitleLabel: requestsLabels.topicTitle,
  topicSummaryLabel: requestsLabels.topicSummary,
  topicHint: '议题会进入小区议事流程，由业主共同讨论决定；诉求人能在办理过程里看到议题和它的进展。',
  writeTopicTitle: '议题标题至少 4 个字',
  writeTopicSummary: '议题说明至少 10 个字',
  duplicateLabel: requestsLabels.duplicateOf,
  duplicateHint: '选择小区里与它相同的另一件诉求（这里列出小区公开的诉求）。',
  duplicateLoading: '正在读取小区公开的诉求…',
  duplicateNone: '小区里暂时没有其他公开的诉求可选。',
  duplicateWarning: '标记为重复后，这件诉求在这里办结，合并到所选诉求办理，不计为已解决。',
  chooseDuplicate: '请选择重复的那件诉求',
  referLabel: requestsLabels.referredTo,
  referPlaceholder: '例如：区供电公司、自来水公司',
  referWarning: '转交后这件诉求在这里办结（不计为已解决），诉求人能看到转交给了哪个单位。',
  writeReferredTo: '请写明转交的单位',
  confirmEnd: '我已确认，这件诉求在这里办结',
  tickConfirm: '请先勾选确认',
  topicOpen: '打开议题',
} as const;

type Ref = { estateId: string; requestId: string };
export type StepCall =
  | { action: 'rateRequest'; input: RateRequestInput }
  | { action: 'withdrawRequest'; input: WithdrawRequestInput }
  | { action: 'contactRequest'; input: ContactRequestInput }
  | { action: 'extendRequest'; input: ExtendRequestInput }
  | { action: 'handleRequest'; input: HandleRequestInput }
  | { action: 'dispatchRequest'; input: DispatchRequestInput }
  | { action: 'linkRequestToTopic'; input: LinkRequestToTopicInput }
  | { action: 'markDuplicate'; input: MarkDuplicateInput }
  | { action: 'referOut'; input: ReferOutInput };

/** The call a step form makes, or the reason it cannot be sent yet. */
export function stepCall(ref: Ref, s: StepFormState): { ok: true; call: StepCall } | { ok: false; error: string } {
  const text = s.text.trim();
  const optional = text ? { [s.open === 'rate' ? 'comment' : s.open === 'contact' ? 'note' : 'reason']: text } : {};
  switch (s.open) {
    case 'rate':
      if (!s.rating) return { ok: false, error: STEP_TEXT.chooseRating };
      return { ok: true, call: { action: 'rateRequest', input: { ...ref, rating: s.rating, ...optional } } };
    case 'withdraw':
      return { ok: true, call: { action: 'withdrawRequest', input: { ...ref, ...optional } } };
    case 'contact':
      return { ok: true, call: { action: 'contactRequest', input: { ...ref, ...optional } } };
    case 'extend':
      if (!s.hours) return { ok: false, error: STEP_TEXT.chooseHours };
      if (!text) return { ok: false, error: STEP_TEXT.writeReason };
      return { ok: true, call: { action: 'extendRequest', input: { ...ref, hours: s.hours, reason: text } } };
    case 'handle': {
      if (!text) return { ok: false, error: STEP_TEXT.writeResult };
      if (photosBusy(s)) return { ok: false, error: PHOTO_TEXT.busy };
      const photos = uploadedIds(s);
      return { ok: true, call: { action: 'handleRequest', input: { ...ref, result: text, ...(photos.length ? { photos } : {}) } } };
    }
    case 'dispatch':
    case 'reassign':
      if (!s.org) return { ok: false, error: STEP_TEXT.chooseOrg };
      if (!text) return { ok: false, error: STEP_TEXT.writeReason };
      return { ok: true, call: { action: 'dispatchRequest', input: { ...ref, to: s.org, reason: text } } };
    case 'linkTopic': {
      const title = s.title.trim();
      if (title.length < 4) return { ok: false, error: STEP_TEXT.writeTopicTitle };
      if (text.length < 10) return { ok: false, error: STEP_TEXT.writeTopicSummary };
      return { ok: true, call: { action: 'linkRequestToTopic', input: { ...ref, topicTitle: title, topicSummary: text } } };
    }
    case 'duplicate':
      if (!s.duplicateOf) return { ok: false, error: STEP_TEXT.chooseDuplicate };
      if (!s.confirmed) return { ok: false, error: STEP_TEXT.tickConfirm };
      return { ok: true, call: { action: 'markDuplicate', input: { ...ref, duplicateOf: s.duplicateOf } } };
    case 'refer':
      if (!text) return { ok: false, error: STEP_TEXT.writeReferredTo };
      if (!s.confirmed) return { ok: false, error: STEP_TEXT.tickConfirm };
      return { ok: true, call: { action: 'referOut', input: { ...ref, referredTo: text } } };
    default:
      return { ok: false, error: '' };
  }
}
