/**
 * The state of one verification flow (身份认证 for one estate) as a reducer: consent, the chosen way, the form,
 * field errors, photos, the WeChat phone code, the resident relation, submitting, the outcome and the lock.
 * The page dispatches events and renders; every transition is tested here without Taro
 * (tests/unit/ui-verify-flow.test.ts). Ballots and paper entry follow the same pattern.
 */
import type { ResidentRelation } from '../../types/identity';
import {
  EMPTY_VERIFY_FORM,
  METHOD_INFO,
  photoSlotsLeft,
  VERIFY_METHODS,
  VERIFY_TEXT,
  type PhotoSlot,
  type VerifyErrors,
  type VerifyFailure,
  type VerifyField,
  type VerifyForm,
  type VerifyMethod,
  type VerifyOutcome,
  type VerifyResult,
} from './identity-verify';

export interface VerifyFlowState {
  consented: boolean;
  method: VerifyMethod;
  form: VerifyForm;
  errors: VerifyErrors;
  failure: VerifyFailure | null;
  photos: PhotoSlot[];
  submitting: boolean;
  /** WeChat only: the one-use code from <Button openType="getPhoneNumber">, sent instead of a typed phone */
  phoneCode: string | null;
  relation: ResidentRelation;
  result: VerifyResult | null;
  /** the server said VERIFICATION_LOCKED during this visit (the lock instant comes with myVerifications) */
  lockedNow: boolean;
  /** counter for local photo ids */
  photoSeq: number;
}

export const INITIAL_VERIFY_FLOW: VerifyFlowState = {
  consented: false,
  method: 'roster',
  form: EMPTY_VERIFY_FORM,
  errors: {},
  failure: null,
  photos: [],
  submitting: false,
  phoneCode: null,
  relation: 'tenant',
  result: null,
  lockedNow: false,
  photoSeq: 0,
};

/** The flow opened on a way named in the URL (`?method=resident` from the newcomer's 住户登记); unknown names are ignored. */
export function initVerifyFlow(method?: string): VerifyFlowState {
  const known = VERIFY_METHODS.find((m) => m === method);
  return known ? { ...INITIAL_VERIFY_FLOW, method: known } : INITIAL_VERIFY_FLOW;
}

export type VerifyFlowEvent =
  | { type: 'toggleConsent' }
  | { type: 'switchMethod'; method: VerifyMethod }
  | { type: 'edit'; field: VerifyField; value: string }
  | { type: 'phoneCode'; code: string }
  | { type: 'relation'; relation: ResidentRelation }
  /** files picked: each gets a slot marked uploading (ids are p<seq>, in order) */
  | { type: 'photosPicked'; files: { name: string; previewUrl?: string }[] }
  | { type: 'photoUploaded'; localId: string; fileId: string }
  | { type: 'photoFailed'; localId: string; error: string }
  | { type: 'removePhoto'; localId: string }
  | { type: 'submitStarted' }
  | { type: 'submitFinished'; outcome: VerifyOutcome };

/** The local ids the next `photosPicked` of `count` files will give (the page starts their uploads with them). */
export function nextPhotoIds(state: VerifyFlowState, count: number): string[] {
  const n = Math.min(count, photoSlotsLeft(state.photos));
  return Array.from({ length: n }, (_, i) => `p${state.photoSeq + i + 1}`);
}

function withoutErrors(errors: VerifyErrors, ...keys: (keyof VerifyErrors)[]): VerifyErrors {
  const next = { ...errors };
  for (const k of keys) delete next[k];
  return next;
}

export function verifyFlowReducer(state: VerifyFlowState, event: VerifyFlowEvent): VerifyFlowState {
  switch (event.type) {
    case 'toggleConsent':
      return { ...state, consented: !state.consented, errors: withoutErrors(state.errors, 'consent') };
    case 'switchMethod':
      return { ...state, method: event.method, failure: null, errors: {} };
    case 'edit':
      return { ...state, form: { ...state.form, [event.field]: event.value }, errors: withoutErrors(state.errors, event.field, 'form') };
    case 'phoneCode':
      return { ...state, phoneCode: event.code, errors: withoutErrors(state.errors, 'phone') };
    case 'relation':
      return { ...state, relation: event.relation };
    case 'photosPicked': {
      // photos need consent first, and never more than MAX_PHOTOS
      if (!state.consented) return state;
      const ids = nextPhotoIds(state, event.files.length);
      if (ids.length === 0) return state;
      const slots: PhotoSlot[] = ids.map((localId, i) => ({
        localId,
        name: event.files[i].name,
        previewUrl: event.files[i].previewUrl,
        status: 'uploading',
      }));
      return { ...state, photos: [...state.photos, ...slots], photoSeq: state.photoSeq + ids.length, errors: withoutErrors(state.errors, 'photos') };
    }
    case 'photoUploaded':
      return { ...state, photos: state.photos.map((p) => (p.localId === event.localId ? { ...p, status: 'done', fileId: event.fileId } : p)) };
    case 'photoFailed':
      return { ...state, photos: state.photos.map((p) => (p.localId === event.localId ? { ...p, status: 'error', error: event.error } : p)) };
    case 'removePhoto':
      return { ...state, photos: state.photos.filter((p) => p.localId !== event.localId) };
    case 'submitStarted':
      return state.submitting ? state : { ...state, submitting: true, failure: null };
    case 'submitFinished': {
      // a getPhoneNumber code can be used once, whatever the answer
      const base = { ...state, submitting: false, phoneCode: null };
      if (event.outcome.ok) return { ...base, result: event.outcome.result, errors: {}, failure: null };
      const failure = event.outcome.failure;
      return { ...base, failure, errors: failure.errors, lockedNow: state.lockedNow || failure.kind === 'locked' };
    }
  }
}

/** After a submit: the request list must be reloaded (new request, tries left, or the lock). */
export function reloadsRequests(outcome: VerifyOutcome): boolean {
  return outcome.ok || outcome.failure.kind === 'locked' || outcome.failure.kind === 'mismatch';
}

/** The submit button's words: each way says what it does (住户登记 used to say 获取核验码). */
export function submitLabel(method: VerifyMethod, submitting: boolean): string {
  if (submitting) return VERIFY_TEXT.submitting;
  switch (method) {
    case 'roster':
      return VERIFY_TEXT.submitRoster;
    case 'certificate':
      return VERIFY_TEXT.submitCertificate;
    case 'offline':
      return VERIFY_TEXT.submitOffline;
    case 'resident':
      return VERIFY_TEXT.submitResident;
  }
}

/** The name field's placeholder: owners copy the certificate; a tenant has no certificate, just their own name. */
export function namePlaceholder(method: VerifyMethod): string {
  return method === 'resident' ? VERIFY_TEXT.residentNamePlaceholder : VERIFY_TEXT.namePlaceholder;
}

/** Title of the way currently chosen (for the page heading and tests). */
export const methodTitle = (method: VerifyMethod) => METHOD_INFO[method].title;
