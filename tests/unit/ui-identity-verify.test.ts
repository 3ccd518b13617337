import type { MeOutput, MyUnit, VerificationRequestView } from '../../types/identity';
import { PRIVACY_NOTICE_TEXT, PRIVACY_NOTICE_VERSION } from '../../types/identity';
import { createApi, type Transport } from '../../src/lib/api-core';
import {
  activeLock,
  certificateInput,
  consentGate,
  EMPTY_VERIFY_FORM,
  lockNotice,
  methodFields,
  normalizePhone,
  normalizeUnitPart,
  officeName,
  offlineInput,
  offlineInstructions,
  preselectEstate,
  PRIVACY_NOTICE,
  requestRows,
  rosterInput,
  submitVerification,
  unitLabelOf,
  uploadedFileIds,
  verifyFailure,
  type PhotoSlot,
  type VerifyForm,
} from '../../src/lib/identity-verify';

const ma: VerifyForm = { ...EMPTY_VERIFY_FORM, building: '2', entrance: '1', room: '102', name: '马建华', phone: '13910063352' };

/** The real client facade over a recording transport: shows exactly what would leave the device. */
function recordingApi(reply: (action: string, input: unknown) => unknown = () => ({ ok: true, data: {} })) {
  const sent: { action: string; input: unknown }[] = [];
  const transport: Transport = async (_name, action, input) => {
    sent.push({ action, input });
    return reply(action, input);
  };
  return { api: createApi(transport), sent };
}

const unit: MyUnit = { unitId: 'hemu:2-1-102', label: '2号楼1单元102', areaCenti: 9140, isRepresentative: true };

describe('what people type becomes the contract input', () => {
  it.each([
    ['building', '2号楼', '2'],
    ['building', ' ２ 栋', '2'],
    ['building', '3幢', '3'],
    ['entrance', '1单元', '1'],
    ['entrance', '１', '1'],
    ['room', '102室', '102'],
    ['room', ' 1 0 2 ', '102'],
  ] as const)('%s "%s" → "%s"', (kind, raw, expected) => {
    expect(normalizeUnitPart(kind, raw)).toBe(expected);
  });

  it('normalises phone numbers with spaces, dashes, full-width digits and +86', () => {
    expect(normalizePhone('139 1006 3352')).toBe('13910063352');
    expect(normalizePhone('+86 139-1006-3352')).toBe('13910063352');
    expect(normalizePhone('１３９１００６３３５２')).toBe('13910063352');
  });

  it('builds the roster-match input with the consent version and no ID tail unless required', () => {
    expect(rosterInput('hemu', { ...ma, building: '2号楼', room: '102室', name: ' 马 建华 ' }, false)).toEqual({
      estateId: 'hemu',
      unit: { building: '2', entrance: '1', room: '102' },
      name: '马建华',
      phone: '13910063352',
      consentVersion: PRIVACY_NOTICE_VERSION,
    });
    expect(rosterInput('hemu', { ...ma, idLast4: '123x' }, true).idLast4).toBe('123X');
  });

  it('sends the WeChat phone code instead of a typed phone when the person used the phone button', () => {
    const input = rosterInput('hemu', { ...ma, phone: '' }, false, 'code-from-wechat');
    expect(input).toMatchObject({ phoneCode: 'code-from-wechat' });
    expect(input).not.toHaveProperty('phone');
    const f = verifyFailure({
      code: 'VALIDATION_FAILED',
      message: '提交的内容有误，请按提示修改',
      fields: [{ field: 'phoneCode', code: 'PHONE_CODE_EXPIRED', message: '微信手机号获取失败或已过期，请重新获取或直接填写' }],
    });
    expect(f.errors.phone).toBe('微信手机号获取失败或已过期，请重新获取或直接填写');
  });

  it('builds certificate and offline inputs', () => {
    expect(certificateInput('hemu', ma, ['f1'])).toEqual({
      estateId: 'hemu',
      unit: { building: '2', entrance: '1', room: '102' },
      name: '马建华',
      certificateFileIds: ['f1'],
      consentVersion: PRIVACY_NOTICE_VERSION,
    });
    expect(offlineInput('hemu', ma)).toEqual({ estateId: 'hemu', unit: { building: '2', entrance: '1', room: '102' } });
    expect(unitLabelOf({ building: '3号楼', entrance: '1', room: '702' })).toBe('3号楼1单元702');
  });

  it('asks for the ID tail only when the estate requires it', () => {
    expect(methodFields('roster', false)).toEqual(['building', 'entrance', 'room', 'name', 'phone']);
    expect(methodFields('roster', true)).toContain('idLast4');
    expect(methodFields('certificate', true)).toEqual(['building', 'entrance', 'room', 'name']);
    expect(methodFields('offline', false)).toEqual(['building', 'entrance', 'room']);
    expect(methodFields('resident', false)).toEqual(['building', 'entrance', 'room', 'name']);
  });

  it('registers a tenant or family member as a resident through its own action', async () => {
    const { api, sent } = recordingApi();
    await submitVerification(api, 'resident', { ...ma, building: '2号楼', room: '502' }, { estateId: 'hemu', consented: true, requireIdLast4: false, relation: 'family' });
    expect(sent).toEqual([
      {
        action: 'requestResidentRole',
        input: { estateId: 'hemu', unit: { building: '2', entrance: '1', room: '502' }, name: '马建华', relation: 'family', consentVersion: PRIVACY_NOTICE_VERSION },
      },
    ]);
  });
});

describe('separate consent (PIPL Art. 29)', () => {
  it('shows the shared notice text, and fields stay disabled until 同意 is ticked', () => {
    expect(PRIVACY_NOTICE.paragraphs.join('\n')).toBe(PRIVACY_NOTICE_TEXT);
    expect(consentGate(false)).toEqual({ fieldsEnabled: false, submitEnabled: false, hint: expect.stringContaining('同意') });
    expect(consentGate(true)).toEqual({ fieldsEnabled: true, submitEnabled: true, hint: null });
  });

  it.each(['roster', 'certificate', 'offline', 'resident'] as const)('sends nothing for %s without consent', async (method) => {
    const { api, sent } = recordingApi();
    const photos: PhotoSlot[] = [{ localId: 'p1', name: 'a.png', status: 'done', fileId: 'f1' }];
    const out = await submitVerification(api, method, ma, { estateId: 'hemu', consented: false, requireIdLast4: false, photos });
    expect(sent).toEqual([]);
    expect(out).toEqual({ ok: false, failure: expect.objectContaining({ kind: 'consent', errors: { consent: expect.stringContaining('同意') } }) });
  });

  it('sends the roster match once consent is given', async () => {
    const { api, sent } = recordingApi(() => ({ ok: true, data: { unit } }));
    const out = await submitVerification(api, 'roster', ma, { estateId: 'hemu', consented: true, requireIdLast4: false });
    expect(out).toEqual({ ok: true, result: { kind: 'verified', unit } });
    expect(sent).toEqual([{ action: 'verifyByRoster', input: rosterInput('hemu', ma, false) }]);
  });
});

describe('errors land where the person looks', () => {
  it('client-side validation puts Chinese messages under the fields and sends nothing', async () => {
    const { api, sent } = recordingApi();
    const out = await submitVerification(api, 'roster', { ...ma, room: '', phone: '1391006' }, { estateId: 'hemu', consented: true, requireIdLast4: false });
    expect(sent).toEqual([]);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.failure.kind).toBe('fields');
    expect(out.failure.errors.room).toBe('房号至少需要 1 个字');
    expect(out.failure.errors.phone).toBe('手机号格式不正确');
  });

  it('requires the ID tail when the estate asks for it, before sending', async () => {
    const { api, sent } = recordingApi();
    const out = await submitVerification(api, 'roster', ma, { estateId: 'hemu', consented: true, requireIdLast4: true });
    expect(sent).toEqual([]);
    expect(!out.ok && out.failure.errors.idLast4).toBe('请填写身份证后四位');
  });

  it('ROSTER_MISMATCH shows the server message (with tries left) and offers the other ways', () => {
    const f = verifyFailure({ code: 'ROSTER_MISMATCH', message: '填写的信息与名册不一致，还可以尝试 4 次' });
    expect(f).toEqual({ kind: 'mismatch', message: '填写的信息与名册不一致，还可以尝试 4 次', errors: {}, offerAlternatives: true });
  });

  it('VERIFICATION_LOCKED explains and offers the other ways', () => {
    const f = verifyFailure({ code: 'VERIFICATION_LOCKED', message: '核验失败次数过多，已暂时锁定，请联系居委会或改用其他核验方式' });
    expect(f.kind).toBe('locked');
    expect(f.offerAlternatives).toBe(true);
    expect(f.message).toContain('锁定');
  });

  it('maps server field paths (unit.room, certificateFileIds.0) onto the form', () => {
    const f = verifyFailure({
      code: 'VALIDATION_FAILED',
      message: '提交的内容有误，请按提示修改',
      fields: [
        { field: 'unit.room', code: 'FIELD_REJECTED', message: '房号不能为空' },
        { field: 'certificateFileIds.0', code: 'FIELD_REJECTED', message: '产权证照片无效' },
        { field: 'estateId', code: 'FIELD_REJECTED', message: '小区格式不正确' },
      ],
    });
    expect(f.errors).toEqual({ room: '房号不能为空', photos: '产权证照片无效', form: '小区格式不正确' });
  });

  it('passes other errors through as a form-level message', () => {
    expect(verifyFailure({ code: 'PERSON_ALREADY_LINKED', message: '该业主已由另一个微信账号完成认证。' })).toMatchObject({ kind: 'duplicate', offerAlternatives: false });
    expect(verifyFailure({ code: 'INTERNAL', message: '网络异常，请稍后重试' })).toMatchObject({ kind: 'other', message: '网络异常，请稍后重试' });
  });
});

describe('certificate review and offline check', () => {
  const done = (id: string): PhotoSlot => ({ localId: id, name: `${id}.png`, status: 'done', fileId: `uploads/u/${id}.png` });

  it('needs at least one uploaded photo and waits for uploads in progress', async () => {
    const { api, sent } = recordingApi();
    const ctx = { estateId: 'hemu', consented: true, requireIdLast4: false };
    const none = await submitVerification(api, 'certificate', ma, { ...ctx, photos: [] });
    expect(!none.ok && none.failure.errors.photos).toBe('请至少上传 1 张产权证照片');
    const busy = await submitVerification(api, 'certificate', ma, { ...ctx, photos: [done('a'), { localId: 'b', name: 'b', status: 'uploading' }] });
    expect(!busy.ok && busy.failure.errors.photos).toBe('照片还在上传，请稍候');
    expect(sent).toEqual([]);
  });

  it('sends only the uploaded photos, and a pending request comes back', async () => {
    const request: VerificationRequestView = { requestId: 'r1', method: 'certificate_review', unitLabel: '3号楼1单元702', status: 'pending', createdAt: '2026-11-23T02:00:00.000Z' };
    const { api, sent } = recordingApi(() => ({ ok: true, data: { request } }));
    const photos = [done('a'), { localId: 'x', name: 'x', status: 'error' as const, error: '上传失败' }, done('b')];
    expect(uploadedFileIds(photos)).toEqual(['uploads/u/a.png', 'uploads/u/b.png']);
    const out = await submitVerification(api, 'certificate', { ...ma, building: '3', room: '702', name: '韩雪' }, { estateId: 'hemu', consented: true, requireIdLast4: false, photos });
    expect(out).toEqual({ ok: true, result: { kind: 'pending', request } });
    expect((sent[0].input as { certificateFileIds: string[] }).certificateFileIds).toEqual(['uploads/u/a.png', 'uploads/u/b.png']);
  });

  it('an offline check returns the code; instructions name the community office', async () => {
    const request: VerificationRequestView = { requestId: 'r2', method: 'offline_check', unitLabel: '2号楼1单元102', status: 'pending', code: '042917', createdAt: '2026-11-23T02:00:00.000Z' };
    const { api, sent } = recordingApi(() => ({ ok: true, data: { request } }));
    const out = await submitVerification(api, 'offline', ma, { estateId: 'hemu', consented: true, requireIdLast4: false });
    expect(out).toEqual({ ok: true, result: { kind: 'offline', request } });
    expect(sent).toEqual([{ action: 'requestOfflineCheck', input: { estateId: 'hemu', unit: { building: '2', entrance: '1', room: '102' } } }]);
    const lines = offlineInstructions('幸福里社区居委会');
    expect(lines[0]).toContain('幸福里社区居委会');
    expect(lines.join('')).toContain('不动产权证');
    expect(lines.join('')).toContain('6 位核验码');
  });
});

describe('estate choice', () => {
  const dir = [
    { estateId: 'hemu', name: '和睦家园', district: '和平区', communityName: '幸福里社区居委会', requireIdLast4: false },
    { estateId: 'other', name: '锦绣花园', district: '浦东新区', communityName: '锦绣社区居委会', requireIdLast4: true },
  ];
  const me = (estateId: string | null): Pick<MeOutput, 'current'> => ({
    current: estateId
      ? {
          estate: { estateId, name: 'x', district: '', address: '', communityName: '幸福里社区居委会', partyBranchName: '', buildingCount: 3, totals: { unitCount: 0, areaCenti: 0, headcount: 0 } },
          displayName: '赵*',
          roles: ['resident'],
          units: [],
          formerUnits: [],
        }
      : null,
  });

  it('prefers the estate in the URL, then the current estate, then the only one', () => {
    expect(preselectEstate(dir, me('hemu'), 'other')).toBe('other');
    expect(preselectEstate(dir, me('other'))).toBe('other');
    expect(preselectEstate(dir, me(null))).toBeNull();
    expect(preselectEstate([dir[0]], me(null))).toBe('hemu');
    expect(preselectEstate([dir[0]], me(null), 'unknown')).toBe('hemu');
  });

  it('names the community office from the directory, else from me, else generically', () => {
    expect(officeName(dir[1], null)).toBe('锦绣社区居委会');
    expect(officeName({ ...dir[0], communityName: '' }, me('hemu'))).toBe('幸福里社区居委会');
    expect(officeName(undefined, me(null))).toBe('社区居委会');
  });
});

describe('my requests and the lockout', () => {
  it('lists requests newest first with Chinese labels, rejection reasons and offline codes', () => {
    const rows = requestRows([
      { requestId: 'a', method: 'certificate_review', unitLabel: '3号楼1单元702', status: 'rejected', reason: '照片不清晰', createdAt: '2026-11-20T02:00:00.000Z', decidedAt: '2026-11-21T03:00:00.000Z' },
      { requestId: 'b', method: 'offline_check', unitLabel: '3号楼1单元702', status: 'pending', code: '123456', createdAt: '2026-11-22T02:00:00.000Z' },
      { requestId: 'c', method: 'roster_match', unitLabel: '2号楼1单元102', status: 'approved', createdAt: '2026-11-19T02:00:00.000Z' },
    ]);
    expect(rows.map((r) => r.requestId)).toEqual(['b', 'a', 'c']);
    expect(rows[0]).toMatchObject({ title: '线下核验 · 3号楼1单元702', statusLabel: '待审核', code: '123456', reasonText: null, dateText: '2026-11-22 10:00' });
    expect(rows[1]).toMatchObject({ title: '产权证审核 · 3号楼1单元702', statusLabel: '未通过', reasonText: '未通过原因：照片不清晰', code: null, dateText: '2026-11-21 11:00' });
    expect(rows[2].statusLabel).toBe('已通过');
  });

  it('treats a lock in the past as no lock and explains a live one in Beijing time', () => {
    const now = new Date('2026-11-23T02:00:00.000Z');
    expect(activeLock('2026-11-23T01:00:00.000Z', now)).toBeNull();
    expect(activeLock(null, now)).toBeNull();
    expect(activeLock('2026-11-24T02:00:00.000Z', now)).toBe('2026-11-24T02:00:00.000Z');
    const text = lockNotice('2026-11-24T02:00:00.000Z');
    expect(text).toContain('2026-11-24 10:00');
    expect(text).toContain('上传产权证');
    expect(text).toContain('线下核验');
  });
});
