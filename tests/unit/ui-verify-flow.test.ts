import {
  INITIAL_VERIFY_FLOW,
  initVerifyFlow,
  namePlaceholder,
  nextPhotoIds,
  reloadsRequests,
  submitLabel,
  verifyFlowReducer,
  type VerifyFlowEvent,
  type VerifyFlowState,
} from '../../src/lib/verify-flow';
import { MAX_PHOTOS, VERIFY_METHODS, type VerifyFailure } from '../../src/lib/identity-verify';

const run = (events: VerifyFlowEvent[], from: VerifyFlowState = INITIAL_VERIFY_FLOW) => events.reduce(verifyFlowReducer, from);
const failure = (kind: VerifyFailure['kind'], errors = {}): VerifyFailure => ({ kind, message: 'x', errors, offerAlternatives: false });

describe('the verification flow reducer', () => {
  it('starts on 名册比对 without consent, and opens on a way named in the URL', () => {
    expect(INITIAL_VERIFY_FLOW).toMatchObject({ consented: false, method: 'roster', submitting: false, result: null });
    expect(initVerifyFlow('resident').method).toBe('resident');
    expect(initVerifyFlow('nonsense')).toBe(INITIAL_VERIFY_FLOW);
    expect(initVerifyFlow(undefined)).toBe(INITIAL_VERIFY_FLOW);
  });

  it('clears a field error and the form line when the field is edited, keeping the others', () => {
    const withErrors = { ...INITIAL_VERIFY_FLOW, errors: { name: '请填写姓名', phone: '手机号不对', form: '有错误' } };
    const s = verifyFlowReducer(withErrors, { type: 'edit', field: 'name', value: '马建华' });
    expect(s.form.name).toBe('马建华');
    expect(s.errors).toEqual({ phone: '手机号不对' });
  });

  it('toggles consent and drops the consent error; switching way clears the failure and errors', () => {
    const s = run([{ type: 'toggleConsent' }], { ...INITIAL_VERIFY_FLOW, errors: { consent: '请先同意' } });
    expect(s).toMatchObject({ consented: true, errors: {} });
    const failed = { ...s, failure: failure('mismatch'), errors: { name: 'x' } };
    expect(verifyFlowReducer(failed, { type: 'switchMethod', method: 'certificate' })).toMatchObject({ method: 'certificate', failure: null, errors: {} });
  });

  it('adds picked photos only after consent and never beyond the limit, then records each upload', () => {
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.jpg` }));
    expect(run([{ type: 'photosPicked', files }]).photos).toEqual([]); // no consent: nothing
    const s = run([{ type: 'toggleConsent' }, { type: 'photosPicked', files }]);
    expect(s.photos.map((p) => [p.localId, p.status])).toEqual(Array.from({ length: MAX_PHOTOS }, (_, i) => [`p${i + 1}`, 'uploading']));
    expect(nextPhotoIds(s, 2)).toEqual([]);
    const done = run([{ type: 'photoUploaded', localId: 'p2', fileId: 'cloud://a' }, { type: 'photoFailed', localId: 'p3', error: '太大' }, { type: 'removePhoto', localId: 'p1' }], s);
    expect(done.photos.map((p) => [p.localId, p.status, p.fileId ?? p.error ?? null])).toEqual([
      ['p2', 'done', 'cloud://a'],
      ['p3', 'error', '太大'],
      ['p4', 'uploading', null],
    ]);
    // ids keep counting after a removal, so an upload finishing late never lands on a new slot
    expect(nextPhotoIds(done, 1)).toEqual(['p5']);
  });

  it('ignores a second submit while one is running, and uses the WeChat phone code once', () => {
    const s = run([{ type: 'phoneCode', code: 'c1' }, { type: 'submitStarted' }]);
    expect(verifyFlowReducer(s, { type: 'submitStarted' })).toBe(s);
    const after = verifyFlowReducer(s, { type: 'submitFinished', outcome: { ok: false, failure: failure('mismatch') } });
    expect(after).toMatchObject({ submitting: false, phoneCode: null, failure: { kind: 'mismatch' } });
  });

  it('remembers a lock, shows field errors from a failure, and keeps the result of a success', () => {
    const locked = verifyFlowReducer(INITIAL_VERIFY_FLOW, { type: 'submitFinished', outcome: { ok: false, failure: failure('locked') } });
    expect(locked.lockedNow).toBe(true);
    // a later, different failure does not unlock
    expect(verifyFlowReducer(locked, { type: 'submitFinished', outcome: { ok: false, failure: failure('other') } }).lockedNow).toBe(true);
    const fields = verifyFlowReducer(INITIAL_VERIFY_FLOW, { type: 'submitFinished', outcome: { ok: false, failure: failure('fields', { room: '请填写室号' }) } });
    expect(fields.errors).toEqual({ room: '请填写室号' });
    const unit = { unitId: 'u', label: '2号楼1单元102', areaCenti: 1, isRepresentative: true };
    const ok = verifyFlowReducer(fields, { type: 'submitFinished', outcome: { ok: true, result: { kind: 'verified', unit } } });
    expect(ok).toMatchObject({ result: { kind: 'verified', unit }, errors: {}, failure: null });
  });

  it('reloads the request list after a success, a mismatch or a lock only', () => {
    expect(reloadsRequests({ ok: false, failure: failure('mismatch') })).toBe(true);
    expect(reloadsRequests({ ok: false, failure: failure('locked') })).toBe(true);
    expect(reloadsRequests({ ok: false, failure: failure('fields') })).toBe(false);
  });
});

describe('words of the verification form (issue 9 bugs)', () => {
  it('says what each way does on its submit button: 住户登记 no longer says 获取核验码', () => {
    expect(submitLabel('resident', false)).toBe('提交住户登记');
    expect(submitLabel('offline', false)).toBe('获取核验码');
    expect(new Set(VERIFY_METHODS.map((m) => submitLabel(m, false))).size).toBe(VERIFY_METHODS.length);
    expect(submitLabel('roster', true)).toBe('提交中…');
  });

  it('does not tell a tenant to copy the name on the property certificate', () => {
    expect(namePlaceholder('resident')).not.toContain('房产证');
    expect(namePlaceholder('certificate')).toContain('房产证');
  });
});
