import type { ApiResult } from '../../types/errors';
import { PRIVACY_NOTICE_VERSION, type PreviewRosterOutput } from '../../types/identity';
import { main } from '../../cloudfunctions/identity';
import { main as deliberationMain } from '../../cloudfunctions/deliberation';
import { writeRosterWorkbook } from '../../server/app/identity/roster-file';
import { cleanupUploads, UPLOAD_QUOTA, UPLOADS } from '../../server/app/upload-records';
import { demoRosterRows } from '../../server/seed/demo-roster-file';
import { uploadAs } from '../support/uploads';
import { as, freshEnv, type TestEnv } from '../support/ports';
import { ok } from '../support/handler-client';
import { idOf, importRosterFile } from '../support/roster-fixtures';

/**
 * Issue 8, "Inputs and files":
 * - names with a space or a full-width character (John Smith, 王　芳, 阿依古丽．买买提) verify by roster match;
 * - NUL, other control characters and lone surrogates in text are field errors, never INTERNAL;
 * - uploads are deleted on every refusal, cleaned after 24 h when never used, and limited per account;
 * - a claim on an unknown or developer-held unit answers exactly like a wrong name and costs an attempt.
 */
let env: TestEnv;
const STAFF = 'demo-community-staff';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const call = async (openid: string, action: string, input: unknown = {}): Promise<ApiResult<Any>> => (await main({ action, input }, as(openid))) as ApiResult<Any>;
const exists = async (fileId: string) => (await env.ports.files.get(fileId)) !== null;
/** A file the caller uploaded, recorded the way the gateway / registerUpload record it. */
const upload = (openid: string, bytes: Uint8Array, name = 'roster.xlsx') => uploadAs(env, openid, { bytes, name, mime: 'application/octet-stream' });

beforeAll(async () => {
  env = await freshEnv({ seed: true });
  const rows = demoRosterRows().slice(1);
  rows.push(['6', '1', '101', '90.00', 'John Smith', idOf('11010519800101123'), '13910061101', '', '否']);
  rows.push(['6', '1', '102', '90.00', '王　芳', idOf('11010519810202456'), '13910061102', '', '否']);
  rows.push(['6', '1', '103', '90.00', '阿依古丽．买买提', idOf('65010219820303789'), '13910061103', '', '否']);
  const fileId = await upload(STAFF, await writeRosterWorkbook(rows));
  expect(await importRosterFile(call, STAFF, 'hemu', fileId)).toMatchObject({ status: 'done', version: 2 });
}, 120_000);
afterAll(async () => env.cleanup());

const claim = (room: string, name: string, phone: string, building = '6') => ({
  estateId: 'hemu',
  unit: { building, entrance: '1', room },
  name,
  phone,
  consentVersion: PRIVACY_NOTICE_VERSION,
});

describe('names with spaces and full-width characters verify by roster match', () => {
  it.each([
    ['John Smith', 'a-john', '101', 'John Smith', '13910061101'],
    ['John Smith (typed with two spaces)', 'a-john2', '101', ' John  Smith ', '13910061101'],
    ['王　芳 (typed without the space)', 'a-wang', '102', '王芳', '13910061102'],
    ['阿依古丽．买买提 (typed with a middle dot)', 'a-ayi', '103', '阿依古丽·买买提', '13910061103'],
    ['阿依古丽．买买提 (typed with a half-width full stop)', 'a-ayi2', '103', '阿依古丽.买买提', '13910061103'],
  ])('%s', async (_what, openid, room, typed, phone) => {
    // each row is claimed by its own account; a second account on the same person is PERSON_ALREADY_LINKED,
    // which still proves the roster matched (a mismatch would say ROSTER_MISMATCH)
    const r = await call(openid, 'verifyByRoster', claim(room, typed, phone));
    if (r.ok) expect(r.data.unit).toMatchObject({ unitId: `hemu:6-1-${room}` });
    else expect(r.error.code).toBe('PERSON_ALREADY_LINKED');
  });
});

describe('control characters and lone surrogates are field errors, never INTERNAL', () => {
  const badChars = ['\u0000', '\u0007', '\u001b', '\ud800', '\udfff'];
  it.each(badChars.map((c) => [JSON.stringify(c), c]))('%s in a name, a reason, a topic and a file name', async (_label, c) => {
    const expectField = (r: ApiResult<unknown>, field: string) =>
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: expect.arrayContaining([expect.objectContaining({ field, code: 'FIELD_BAD_CHARACTERS' })]) } });
    expectField(await call('a-ctl', 'verifyByRoster', claim('101', `John${c}Smith`, '13910061101')), 'name');
    expectField(await call(STAFF, 'decideVerification', { estateId: 'hemu', requestId: 'vr-1', decision: 'reject', reason: `不符${c}合` }), 'reason');
    expectField(await call(STAFF, 'previewRosterImport', { estateId: 'hemu', fileId: `uploads/${STAFF}/x.xlsx`, fileName: `名${c}册.xlsx` }), 'fileName');
    const topic = (await deliberationMain({ action: 'openTopic', input: { estateId: 'hemu', title: `议题${c}标题`, summary: '一段足够长的议题说明文字。' } }, as('demo-party-secretary'))) as ApiResult<unknown>;
    expectField(topic, 'title');
  });

  it('tabs and newlines stay allowed in a multi-line summary', async () => {
    const topic = (await deliberationMain(
      { action: 'openTopic', input: { estateId: 'hemu', title: '换行与制表符', summary: '第一行\n第二行\t缩进\r\n第三行，说明足够长。' } },
      as('demo-party-secretary'),
    )) as ApiResult<unknown>;
    expect(topic.ok).toBe(true);
  });
});

describe('uploads are deleted on every refusal, cleaned when unused, and limited per account', () => {
  it('previewRosterImport refused by validation, by access or by the file itself deletes the upload', async () => {
    const notXlsx = await upload(STAFF, new TextEncoder().encode('not a spreadsheet'), 'a.xlsx');
    expect(await call(STAFF, 'previewRosterImport', { estateId: 'hemu', fileId: notXlsx, fileName: '名册.txt' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await exists(notXlsx)).toBe(false);

    const byOwner = await upload('demo-owner', new TextEncoder().encode('roster with phones'), 'b.xlsx');
    expect(await call('demo-owner', 'previewRosterImport', { estateId: 'hemu', fileId: byOwner, fileName: '名册.xlsx' })).toMatchObject({ ok: false });
    expect(await exists(byOwner)).toBe(false);

    const wrongEstate = await upload(STAFF, new TextEncoder().encode('x'), 'c.xlsx');
    expect(await call(STAFF, 'previewRosterImport', { estateId: 'nowhere', fileId: wrongEstate, fileName: '名册.xlsx' })).toMatchObject({ ok: false });
    expect(await exists(wrongEstate)).toBe(false);
  });

  it('a refused certificate review deletes its photos; someone else\'s file is never touched', async () => {
    const photo = await upload('demo-newcomer', new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]), 'cert.jpg');
    const others = await upload('demo-owner', new Uint8Array([0xff, 0xd8, 0xff, 4]), 'other.jpg');
    const r = await call('demo-newcomer', 'requestCertificateReview', {
      estateId: 'hemu',
      unit: { building: '99', entrance: '1', room: '101' },
      certificateFileIds: [photo, others],
      consentVersion: PRIVACY_NOTICE_VERSION,
    });
    expect(r.ok).toBe(false);
    expect(await exists(photo)).toBe(false);
    expect(await exists(others)).toBe(true);
  });

  it('a cleanup job deletes uploads never used after 24 h, and pending roster previews too', async () => {
    const fresh = await upload('demo-tenant', new Uint8Array([1]), 'fresh.xlsx');
    env.clock.advance(23 * 3_600_000);
    const later = await upload('demo-tenant', new Uint8Array([2]), 'later.xlsx');
    const rows = demoRosterRows().slice(1);
    const pendingFile = await upload(STAFF, await writeRosterWorkbook(rows));
    const preview = ok((await call(STAFF, 'previewRosterImport', { estateId: 'hemu', fileId: pendingFile, fileName: '名册.xlsx' })) as ApiResult<PreviewRosterOutput>);
    const importId = (preview as { importId?: string }).importId;
    expect(importId).toBeTruthy();
    env.clock.advance(2 * 3_600_000);
    await cleanupUploads(env.ports);
    expect(await exists(fresh)).toBe(false);
    expect(await exists(later)).toBe(true);
    const before = await env.storage.get<{ units: unknown[]; purgedAt?: string }>('roster_imports', importId!);
    expect(before?.data.units.length).toBeGreaterThan(0);
    env.clock.advance(23 * 3_600_000);
    const result = await cleanupUploads(env.ports);
    expect(await exists(later)).toBe(false);
    const after = await env.storage.get<{ units: unknown[]; owners: unknown[]; purgedAt?: string }>('roster_imports', importId!);
    expect(after?.data).toMatchObject({ units: [], owners: [], purgedAt: expect.any(String) });
    expect(result).toMatchObject({ rosterImports: 1 });
    // and it can no longer be confirmed
    expect(await call(STAFF, 'confirmRosterImport', { estateId: 'hemu', importId })).toMatchObject({ ok: false, error: { code: 'PREVIEW_EXPIRED' } });
    expect(await env.storage.count(UPLOADS, { owner: 'demo-tenant', state: 'new' })).toBe(0);
  });

  it('registerUpload records a WeChat upload and refuses past the per-account quota, deleting the excess file', async () => {
    const who = 'quota-user';
    for (let i = 0; i < UPLOAD_QUOTA.files; i++) {
      const { fileId } = await env.ports.files.put(`uploads/${who}/q${i}.jpg`, new Uint8Array([i]), 'image/jpeg');
      ok(await call(who, 'registerUpload', { fileId }));
    }
    const { fileId: extra } = await env.ports.files.put(`uploads/${who}/extra.jpg`, new Uint8Array([9]), 'image/jpeg');
    expect(await call(who, 'registerUpload', { fileId: extra })).toMatchObject({ ok: false, error: { code: 'UPLOAD_QUOTA_EXCEEDED', params: { files: UPLOAD_QUOTA.files } } });
    expect(await exists(extra)).toBe(false);
    expect(await call(who, 'registerUpload', { fileId: `uploads/demo-owner/x.jpg` })).toMatchObject({ ok: false, error: { code: 'NOT_OWN_UPLOAD' } });
    env.clock.advance(25 * 3_600_000);
    const { fileId: next } = await env.ports.files.put(`uploads/${who}/next.jpg`, new Uint8Array([9]), 'image/jpeg');
    ok(await call(who, 'registerUpload', { fileId: next }));
  });
});

describe('a claim on an unknown or developer-held unit answers like a wrong name and costs an attempt', () => {
  it('unknown unit, developer-held unit and wrong name: ROSTER_MISMATCH with attempts going down, the 5th locks', async () => {
    const who = 'enum-prober';
    const tries = [
      claim('101', '王建国', '13800000000', '99'), // no building 99
      claim('901', '王建国', '13800000000', '3'), // 3-2-901 is developer-held in the demo roster
      claim('101', '不是他', '13910061101'), // a real unit, wrong name
    ];
    tries[1].unit.entrance = '2';
    const answers: ApiResult<Any>[] = [];
    for (const t of tries) answers.push(await call(who, 'verifyByRoster', t));
    expect(answers.map((a) => !a.ok && a.error)).toEqual([
      expect.objectContaining({ code: 'ROSTER_MISMATCH', params: { attemptsLeft: 4 } }),
      expect.objectContaining({ code: 'ROSTER_MISMATCH', params: { attemptsLeft: 3 } }),
      expect.objectContaining({ code: 'ROSTER_MISMATCH', params: { attemptsLeft: 2 } }),
    ]);
    // the same message shape for all three
    expect(new Set(answers.map((a) => !a.ok && a.error.message.replace(/\d+/g, '#'))).size).toBe(1);
    expect(await call(who, 'verifyByRoster', tries[0])).toMatchObject({ ok: false, error: { code: 'ROSTER_MISMATCH', params: { attemptsLeft: 1 } } });
    expect(await call(who, 'verifyByRoster', tries[1])).toMatchObject({ ok: false, error: { code: 'VERIFICATION_LOCKED' } });
    expect(await call(who, 'verifyByRoster', claim('101', 'John Smith', '13910061101'))).toMatchObject({ ok: false, error: { code: 'VERIFICATION_LOCKED' } });
  });
});
