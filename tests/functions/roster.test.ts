import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiResult } from '../../types/errors';
import { ROSTER_COLUMNS, type ConfirmRosterOutput, type PreviewRosterOutput, type RosterSummaryOutput, type RosterTemplateOutput } from '../../types/identity';
import { runtimePorts } from '../../server/adapters/runtime';
import { auditActor, verifyEstateAudit } from '../../server/app/audit/log';
import { sequenceAudit } from '../../server/app/audit/sequence';
import { COLLECTIONS } from '../../server/app/collections';
import { createCloudFunction } from '../../server/app/handler';
import { MEMBERS, memberId, type UnitDoc } from '../../server/app/identity/records';
import { identityFunction } from '../../server/app/identity';
import { writeRosterWorkbook } from '../../server/app/identity/roster-file';
import type { RosterImportDoc, RosterSnapshotDoc, RosterVersionDoc } from '../../server/app/identity/roster-records';
import { ROSTER_TEMPLATE_EXAMPLES } from '../../server/core/identity/roster-import';
import { buildDemoRoster } from '../../server/seed/demo-estate';
import { buildDemoRosterXlsx, demoRosterRows } from '../../server/seed/demo-roster-file';
import { freshEnv, type TestEnv } from '../support/ports';
import { callerOf, ok } from '../support/handler-client';
import { createTestEstate, idOf, type TypedCall } from '../support/roster-fixtures';

/** The roster actions behind the identity function's handler. */
const main = createCloudFunction(identityFunction, runtimePorts);

const STAFF = 'demo-community-staff';
const COMMITTEE = 'demo-committee';
let env: TestEnv;
let uploads = 0;

beforeAll(async () => {
  env = await freshEnv({ seed: true });
  // a second estate with its own community staff member
  await createTestEstate(env.storage, 'other', 'other-staff', '别的小区');
});
afterAll(async () => env.cleanup());

const call = callerOf(main) as TypedCall;
/** What the client does: upload to its own prefix (Taro.cloud.uploadFile / POST /api/_upload), get a fileId. */
async function upload(openid: string, bytes: Uint8Array, name = 'roster.xlsx'): Promise<string> {
  const { fileId } = await env.ports.files.put(`uploads/${openid}/${++uploads}-${name}`, bytes, 'application/octet-stream');
  return fileId;
}
async function preview(openid: string, bytes: Uint8Array, fileName = '名册.xlsx') {
  return call<PreviewRosterOutput>(openid, 'previewRosterImport', { estateId: 'hemu', fileId: await upload(openid, bytes, fileName.endsWith('.csv') ? 'r.csv' : 'r.xlsx'), fileName });
}
const validPreview = (r: ApiResult<PreviewRosterOutput>) => {
  const d = ok(r);
  if (!d.valid) throw new Error(`expected a valid preview, got ${JSON.stringify(d.errors.slice(0, 5))}`);
  return d;
};
const confirm = (openid: string, importId: string) => call<ConfirmRosterOutput>(openid, 'confirmRosterImport', { estateId: 'hemu', importId });
/** A demo-sized roster confirms within one request: the bulk job finishes before the reply. */
function done(r: ApiResult<ConfirmRosterOutput>) {
  const d = ok(r);
  if (d.status !== 'done') throw new Error(`expected a finished confirmation, got ${JSON.stringify(d)}`);
  return d;
}
const summary = (openid = STAFF, estateId = 'hemu') => call<RosterSummaryOutput>(openid, 'rosterSummary', { estateId });

async function countAll(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of COLLECTIONS) out[c.name] = await env.storage.count(c.name);
  return out;
}
const xlsxOf = (rows: string[][]) => writeRosterWorkbook(rows.slice(1));
let variants = 0;
/**
 * A roster that differs from every earlier one in this file (one area no import used before), for tests that
 * need a valid new version without caring what changed: an unchanged roster is refused (ROSTER_UNCHANGED).
 */
function variantRows(rows = demoRosterRows()): string[][] {
  const out = rows.map((r) => [...r]);
  const i = out.findIndex((r) => `${r[0]}-${r[1]}-${r[2]}` === '2-2-1001');
  out[i][3] = `${150 + ++variants}.00`;
  return out;
}
const variantXlsx = () => xlsxOf(variantRows());

describe('roster summary and template', () => {
  it('shows the seeded demo roster as version 1 with Art. 9 totals, per building, and the rule in plain words', async () => {
    const s = ok(await summary());
    expect(s.version).toBe(1);
    expect(s.totals).toMatchObject({ unitCount: 120, headcount: 113 });
    expect(s.totals.areaCenti).toBe(buildDemoRoster().units.reduce((a, u) => a + u.areaCenti, 0));
    expect(s.buildings.map((b) => b.building)).toEqual(['1', '2', '3']);
    expect(s.buildings.reduce((a, b) => a + b.totals.unitCount, 0)).toBe(120);
    expect(s.history).toEqual([{ version: 1, importedAt: expect.any(String), unitCount: 120, fingerprint: s.fingerprint }]);
    expect(s.headcountRule).toContain('第九条');
    expect(s.headcountRule).toContain('开发商');
    const audit = await env.storage.find<{ action: string; data: Record<string, unknown> }>('audit_events', { where: { action: 'roster.imported' } });
    expect(audit).toHaveLength(1);
    expect(audit[0].data.data).toMatchObject({ version: 1, source: 'demo', fingerprint: s.fingerprint, unitCount: 120, headcount: 113 });
  });

  it('gives staff the .xlsx template; uploading it unchanged is refused row by row because of the examples', async () => {
    const t = ok(await call<RosterTemplateOutput>(STAFF, 'rosterTemplate', { estateId: 'hemu' }));
    expect(t.fileName).toBe('业主名册模板.xlsx');
    const bytes = new Uint8Array(Buffer.from(t.contentBase64, 'base64'));
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe('PK');
    const r = ok(await preview(STAFF, bytes));
    expect(r).toEqual({
      valid: false,
      rowCount: ROSTER_TEMPLATE_EXAMPLES.length,
      errors: [2, 3, 4].map((row) => ({ row, column: '', code: 'ROW_TEMPLATE_EXAMPLE', reason: '这是名册模板中的示例行，请删除后再导入' })),
    });
  });
});

describe('import: preview and confirm', () => {
  it('re-importing the demo roster file is refused: it is the seeded version unchanged (ROSTER_UNCHANGED), nothing is written', async () => {
    const before = await countAll();
    const r = await preview(STAFF, await buildDemoRosterXlsx());
    expect(r).toMatchObject({ ok: false, error: { code: 'ROSTER_UNCHANGED', params: { version: 1 }, message: expect.stringContaining('第 1 版没有变化') } });
    expect(await countAll()).toEqual(before);
  });

  it('a file with one bad row writes nothing at all, and says which row, which column and why', async () => {
    const rows = demoRosterRows();
    rows[57] = [...rows[57]];
    rows[57][3] = '89.525';
    const before = await countAll();
    const r = ok(await preview(STAFF, await xlsxOf(rows)));
    const areaHeader = ROSTER_COLUMNS.find((c) => c.key === 'area')!.header;
    expect(r).toEqual({ valid: false, rowCount: rows.length - 1, errors: [{ row: 58, column: areaHeader, code: 'ROW_AREA_DECIMALS', reason: expect.stringContaining('两位小数') }] });
    expect(await countAll()).toEqual(before);
  });

  it('deletes the uploaded file once it is read, valid or not', async () => {
    const fileId = await upload(STAFF, await variantXlsx());
    validPreview(await call(STAFF, 'previewRosterImport', { estateId: 'hemu', fileId, fileName: 'a.xlsx' }));
    expect(await env.ports.files.get(fileId)).toBeNull();
    const again = await call(STAFF, 'previewRosterImport', { estateId: 'hemu', fileId, fileName: 'a.xlsx' });
    expect(again).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
  });

  it('previews added, removed and changed units, then confirms them as version 2 in one step, keeping history', async () => {
    const rows = demoRosterRows();
    const at = (ref: string) => rows.findIndex((r) => `${r[0]}-${r[1]}-${r[2]}` === ref);
    // 1-1-101: area 89.52 → 90.00
    rows[at('1-1-101')] = [...rows[at('1-1-101')]];
    rows[at('1-1-101')][3] = '90';
    // 3-2-901: developer → sold to a new owner
    rows[at('3-2-901')] = ['3', '2', '901', rows[at('3-2-901')][3], '韩雪梅', idOf('32010219850505123'), '13700000001', '苏(2026)南京市不动产权第0012345号', '否'];
    // 1-1-102: new owner (sold)
    const r102 = at('1-1-102');
    rows[r102] = [...rows[r102].slice(0, 4), '邓超然', idOf('32010219800808456'), '13700000002', '', ''];
    // 3-2-1002 leaves the roster; 4-1-101 joins
    rows.splice(at('3-2-1002'), 1);
    rows.push(['4', '1', '101', '66.6', '韩雪梅', idOf('32010219850505123'), '13700000001', '', '否']);

    const p = validPreview(await preview(COMMITTEE, await xlsxOf(rows)));
    expect(p.baseVersion).toBe(1);
    expect(p.diff).toEqual({
      added: ['4号楼1单元101'],
      removed: ['3号楼2单元1002'],
      changed: [
        { label: '1号楼1单元101', what: [{ kind: 'area', from: 8952, to: 9000 }] },
        { label: '1号楼1单元102', what: [{ kind: 'owners', from: 1, to: 1 }] },
        { label: '3号楼2单元901', what: [{ kind: 'developerHeld', from: true, to: false }, { kind: 'certificate' }] },
      ],
      unchangedCount: 116,
    });
    // Art. 9: 韩雪梅 holds 3-2-901 and 4-1-101 → one head; developer still holds 3 units → one head
    expect(p.totals.unitCount).toBe(120);
    expect(p.totals.headcount).toBe(113 + 1 /* 韩雪梅 */);

    const before = ok(await summary());
    const c = done(await confirm(COMMITTEE, p.importId));
    expect(c).toEqual({ status: 'done', version: 2, totals: p.totals, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(c.fingerprint).not.toBe(before.fingerprint);

    const s = ok(await summary());
    expect(s).toMatchObject({ version: 2, totals: p.totals, fingerprint: c.fingerprint });
    expect(s.buildings.map((b) => b.building)).toEqual(['1', '2', '3', '4']);
    expect(s.history.map((h) => h.version)).toEqual([2, 1]);
    expect(s.history[1].fingerprint).toBe(before.fingerprint);

    // the old version's snapshot is still there, untouched
    const v1 = await env.storage.get<RosterSnapshotDoc>('roster_snapshots', 'hemu:1');
    expect(v1!.data.units).toHaveLength(120);
    expect(v1!.data.units.some((u) => u[0] === '3' && u[1] === '2' && u[2] === '1002')).toBe(true);
    const v2 = await env.storage.get<RosterVersionDoc>('roster_versions', 'hemu:2');
    expect(v2!.data).toMatchObject({ source: 'import', importedBy: COMMITTEE, importId: p.importId, changes: { added: 1, removed: 1, changed: 3, unchanged: 116 } });

    // units: removed one is marked, never deleted; new one exists; changed ones updated
    const unit = async (ref: string) => (await env.storage.get<UnitDoc>('units', `hemu:${ref}`))!.data;
    expect(await unit('3-2-1002')).toMatchObject({ removed: true, developerHeld: true });
    expect(await unit('4-1-101')).toMatchObject({ label: '4号楼1单元101', areaCenti: 6660, developerHeld: false });
    expect(await unit('1-1-101')).toMatchObject({ areaCenti: 9000 });
    expect((await unit('3-2-901')).developerHeld).toBe(false);
    expect((await unit('3-2-901')).ownerKeys).toEqual((await unit('4-1-101')).ownerKeys);
    expect(await env.storage.count('units', { estateId: 'hemu' })).toBe(121);
    // a confirm writes only what changed: unchanged units and owners are not rewritten
    expect((await env.storage.get('units', 'hemu:2-1-101'))!.version).toBe(1);
    const unitVersions = (await env.storage.find('units', { where: { estateId: 'hemu' } })).filter((d) => d.version > 1).map((d) => d.id).sort();
    expect(unitVersions).toEqual(['hemu:1-1-101', 'hemu:1-1-102', 'hemu:3-2-1002', 'hemu:3-2-901']);

    // the estate's cached totals follow; the import is used up; the audit chain records it and verifies
    const estate = (await env.storage.get<{ totals: unknown; rosterVersion: number }>('estates', 'hemu'))!.data;
    expect(estate).toMatchObject({ totals: p.totals, rosterVersion: 2 });
    const imp = (await env.storage.get<RosterImportDoc>('roster_imports', p.importId))!.data;
    expect(imp).toMatchObject({ status: 'confirmed', confirmedVersion: 2, confirmedBy: COMMITTEE, units: [], owners: [] });
    const audit = (await env.storage.find<{ action: string; actor: string; data: Record<string, unknown> }>('audit_events', { where: { action: 'roster.imported' } })).filter((a) => a.data.data.version === 2);
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toMatchObject({ actor: auditActor(env.ports.crypto, 'hemu', COMMITTEE), data: { version: 2, fingerprint: c.fingerprint, added: 1, removed: 1, changed: 3, unchanged: 116, headcount: p.totals.headcount } });
    await sequenceAudit(env.ports, 'hemu');
    expect(await verifyEstateAudit(env.storage, env.ports.crypto, 'hemu')).toMatchObject({ ok: true, pending: 0 });

    // re-importing the same file is now refused against version 2; a removed unit coming back is "added"
    expect(await preview(STAFF, await xlsxOf(rows))).toMatchObject({ ok: false, error: { code: 'ROSTER_UNCHANGED', params: { version: 2 } } });
    const back = validPreview(await preview(STAFF, await buildDemoRosterXlsx()));
    expect(back.baseVersion).toBe(2);
    expect(back.diff!.added).toEqual(['3号楼2单元1002']);
    expect(back.diff!.removed).toEqual(['4号楼1单元101']);
  });

  it('reads a GBK-encoded CSV the same as the .xlsx', async () => {
    const csv = demoRosterRows()
      .map((r) => r.join(','))
      .join('\r\n');
    // a GBK encoding of the file, built from Node's decoder
    const decoder = new TextDecoder('gbk');
    const table = new Map<string, number[]>();
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) {
      const ch = decoder.decode(new Uint8Array([a, b]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [a, b]);
    }
    const gbk = new Uint8Array([...csv].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
    const p = validPreview(await preview(STAFF, gbk, '名册.csv'));
    expect(p.baseVersion).toBe(2);
    expect(p.rowCount).toBe(demoRosterRows().length - 1);
    expect(p.totals).toMatchObject({ unitCount: 120, headcount: 113 });
  });
});

describe('confirm: one version per base, refusals', () => {
  it('refuses a preview made before another import was confirmed (the version moved)', async () => {
    const a = validPreview(await preview(STAFF, await buildDemoRosterXlsx()));
    const b = validPreview(await preview(STAFF, await buildDemoRosterXlsx()));
    expect(a.baseVersion).toBe(b.baseVersion);
    const v = done(await confirm(STAFF, a.importId)).version;
    expect(v).toBe(a.baseVersion + 1);
    const before = await countAll();
    expect(await confirm(STAFF, b.importId)).toMatchObject({ ok: false, error: { code: 'ROSTER_VERSION_MOVED', params: { version: v }, message: expect.stringContaining(`第 ${v} 版`) } });
    expect(await confirm(STAFF, a.importId)).toMatchObject({ ok: false, error: { code: 'IMPORT_ALREADY_CONFIRMED', params: { version: v } } });
    expect(await countAll()).toEqual(before);
  });

  it('two confirms of the same import at once: exactly one wins', async () => {
    const p = validPreview(await preview(STAFF, await variantXlsx()));
    const results = await Promise.all([confirm(STAFF, p.importId), confirm(COMMITTEE, p.importId)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual([expect.stringMatching(/^(IMPORT_IN_PROGRESS|IMPORT_ALREADY_CONFIRMED)$/)]);
    const s = ok(await summary());
    expect(s.history.map((h) => h.version)).toEqual([...Array(s.version).keys()].map((i) => s.version - i));
  });

  it('two different imports of the same base confirmed at once: exactly one becomes the next version', async () => {
    const a = validPreview(await preview(STAFF, await variantXlsx()));
    const b = validPreview(await preview(COMMITTEE, await variantXlsx()));
    const results = await Promise.all([confirm(STAFF, a.importId), confirm(COMMITTEE, b.importId)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // the loser is told another import is being written, or (if the winner already finished) that the base moved
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(ROSTER_IMPORT_BUSY|ROSTER_VERSION_MOVED)$/) } });
    expect(ok(await summary()).version).toBe(a.baseVersion + 1);
  });

  it('refuses an expired preview, an unknown import and an import of another estate', async () => {
    const p = validPreview(await preview(STAFF, await variantXlsx()));
    env.clock.advance(25 * 3600 * 1000);
    try {
      expect(await confirm(STAFF, p.importId)).toMatchObject({ ok: false, error: { code: 'PREVIEW_EXPIRED', params: { hours: 24 }, message: expect.stringContaining('24 小时') } });
    } finally {
      env.clock.advance(-25 * 3600 * 1000);
    }
    expect(await confirm(STAFF, 'ri_nope')).toMatchObject({ ok: false, error: { code: 'IMPORT_NOT_FOUND' } });
    expect(await call('other-staff', 'confirmRosterImport', { estateId: 'other', importId: p.importId })).toMatchObject({ ok: false, error: { code: 'IMPORT_NOT_FOUND' } });
  });
});

describe('an estate whose units predate roster versions', () => {
  it('diffs the first import against the unit documents, then takes over those documents as version 1', async () => {
    const staff = 'legacy-staff';
    const key = env.ports.crypto.keyedHash('person-id', idOf('11010519700101111'));
    await env.storage.transaction(async (tx) => {
      await tx.create('estates', 'legacy', { name: '老小区', district: '', address: '', communityName: '', partyBranchName: '', buildings: ['1'], totals: { unitCount: 2, areaCenti: 20000, headcount: 2 }, createdAt: '' });
      await tx.create(MEMBERS, memberId('legacy', staff), { estateId: 'legacy', openid: staff, accountKey: 'y', roles: ['community_staff'], displayName: '某*', since: '', history: [] });
      for (const room of ['101', '102']) {
        await tx.create('units', `legacy:1-1-${room}`, { estateId: 'legacy', building: '1', entrance: '1', room, label: `1号楼1单元${room}`, areaCenti: 10000, ownerKeys: [key], developerHeld: false, note: 'kept' });
      }
    });
    expect(ok(await summary(staff, 'legacy'))).toMatchObject({ version: 0, importedAt: null, totals: { unitCount: 2, areaCenti: 20000, headcount: 1 } });
    const rows = [
      ['楼栋', '单元', '房号', '登记面积(㎡)', '业主姓名', '身份证号', '手机号', '不动产权证号', '开发商持有'],
      ['1', '1', '101', '100', '张建军', idOf('11010519700101111'), '13600000001', '', ''],
      ['1', '1', '103', '80', '张建军', idOf('11010519700101111'), '13600000001', '', ''],
    ];
    const fileId = await upload(staff, await xlsxOf(rows));
    const p = validPreview(await call<PreviewRosterOutput>(staff, 'previewRosterImport', { estateId: 'legacy', fileId, fileName: 'a.xlsx' }));
    expect(p).toMatchObject({ baseVersion: 0, diff: { added: ['1号楼1单元103'], removed: ['1号楼1单元102'], changed: [], unchangedCount: 1 } });
    expect(done(await call<ConfirmRosterOutput>(staff, 'confirmRosterImport', { estateId: 'legacy', importId: p.importId })).version).toBe(1);
    expect((await env.storage.get<UnitDoc>('units', 'legacy:1-1-101'))!.data).toMatchObject({ note: 'kept', areaCenti: 10000 });
    expect((await env.storage.get<UnitDoc>('units', 'legacy:1-1-102'))!.data).toMatchObject({ removed: true, note: 'kept' });
    expect(ok(await summary(staff, 'legacy'))).toMatchObject({ version: 1, totals: { unitCount: 2, areaCenti: 18000, headcount: 1 } });
  });
});

describe('who may import', () => {
  it('refuses owners, residents, the property manager and grid workers (FORBIDDEN); other estates’ staff (NOT_A_MEMBER)', async () => {
    const bytes = await buildDemoRosterXlsx();
    for (const openid of ['demo-owner', 'demo-tenant', 'demo-property-manager', 'demo-grid-worker', 'demo-party-secretary', 'demo-subdistrict-staff']) {
      const fileId = await upload(openid, bytes);
      expect(await call(openid, 'previewRosterImport', { estateId: 'hemu', fileId, fileName: 'a.xlsx' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await call(openid, 'confirmRosterImport', { estateId: 'hemu', importId: 'ri_x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await call(openid, 'rosterTemplate', { estateId: 'hemu' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    for (const openid of ['demo-owner', 'demo-tenant', 'demo-property-manager', 'demo-grid-worker']) {
      expect(await summary(openid)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // the sub-district and the party secretary may read the summary (no personal data in it)
    for (const openid of ['demo-subdistrict-staff', 'demo-party-secretary', COMMITTEE, STAFF]) expect(ok(await summary(openid)).version).toBeGreaterThan(0);

    const fileId = await upload('other-staff', bytes);
    expect(await call('other-staff', 'previewRosterImport', { estateId: 'hemu', fileId, fileName: 'a.xlsx' })).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
    expect(await summary('other-staff')).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
    expect(await call('demo-newcomer', 'rosterTemplate', { estateId: 'hemu' })).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
    expect(await main({ action: 'rosterSummary', input: { estateId: 'hemu' } }, {})).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
  });

  it('reads only files under the caller’s own upload prefix', async () => {
    const bytes = await buildDemoRosterXlsx();
    const someoneElses = await upload(COMMITTEE, bytes);
    for (const fileId of [someoneElses, `uploads/${STAFF}/../${COMMITTEE}/x.xlsx`, `uploads/${STAFF}`, 'roster.xlsx', `cloud://env.bucket/uploads/${COMMITTEE}/x.xlsx`]) {
      expect(await call(STAFF, 'previewRosterImport', { estateId: 'hemu', fileId, fileName: 'a.xlsx' })).toMatchObject({ ok: false, error: { code: 'NOT_OWN_UPLOAD' } });
    }
    expect(await env.ports.files.get(someoneElses)).not.toBeNull(); // untouched
    expect(await call(STAFF, 'previewRosterImport', { estateId: 'hemu', fileId: `uploads/${STAFF}/missing.xlsx`, fileName: 'a.xlsx' })).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
  });

  it('tells a WeChat client its upload folder (uploadTicket), which is exactly what previews accept', async () => {
    expect(ok(await call<{ prefix: string }>(STAFF, 'uploadTicket', {}))).toEqual({ prefix: `uploads/${STAFF}/` });
    expect(ok(await call<{ prefix: string }>('demo-newcomer', 'uploadTicket', {}))).toEqual({ prefix: 'uploads/demo-newcomer/' });
    expect(await main({ action: 'uploadTicket', input: {} }, {})).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
  });

  it('validates the input and refuses unreadable files with a Chinese reason', async () => {
    const bad = await call(STAFF, 'previewRosterImport', { estateId: 'hemu', fileId: 'x', fileName: 'roster.pdf' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'fileName', code: 'FIELD_INVALID', message: '文件名格式不正确' }] } });
    const junk = await preview(STAFF, new TextEncoder().encode('this is not a spreadsheet'));
    expect(junk).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'fileId', code: 'ROSTER_FILE_NOT_XLSX', message: expect.stringContaining('.xlsx') }] } });
  });
});

describe('privacy', () => {
  it('after imports, the database holds no ID number, full phone or full name of anyone imported', async () => {
    // one more import with people who were never seeded, to be sure imports (not only the seed) are covered
    const rows = demoRosterRows();
    rows.push(['5', '1', '101', '70', '欧阳娜娜', idOf('44030419770707789'), '15912345678', '粤(2026)深圳市不动产权第0099999号', '否']);
    const p = validPreview(await preview(STAFF, await xlsxOf(rows)));
    done(await confirm(STAFF, p.importId));
    const q = validPreview(await preview(STAFF, await xlsxOf(variantRows(rows)))); // a pending import too
    expect(q.diff!.unchangedCount).toBe(120);

    const blobs = await env.storedBytes(); // PGlite's files, or everything sent to the CloudBase server, and the file store
    const found = (needle: string) => blobs.some((b) => b.includes(Buffer.from(needle, 'utf8')));
    expect(found('和睦家园')).toBe(true); // the scan sees stored text
    expect(found('欧**娜')).toBe(true); // masked names are stored
    const people = [
      ...buildDemoRoster().people.map((x) => ({ name: x.name, id: x.idNumber, phone: x.phone })),
      { name: '欧阳娜娜', id: idOf('44030419770707789'), phone: '15912345678' },
      { name: '韩雪梅', id: idOf('32010219850505123'), phone: '13700000001' },
      { name: '邓超然', id: idOf('32010219800808456'), phone: '13700000002' },
    ];
    for (const x of people) {
      expect(found(x.id)).toBe(false);
      expect(found(x.phone)).toBe(false);
      expect(found(x.name)).toBe(false);
    }
    expect(found('粤(2026)深圳市不动产权第0099999号')).toBe(false);
  });

  it('no uploaded file is left in the file store', async () => {
    const dir = join(env.dataDir, 'files', 'uploads');
    const left = (d: string): string[] => {
      try {
        return readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? left(join(d, n)) : [join(d, n)]));
      } catch {
        return [];
      }
    };
    // every file a preview read is gone: the staff member's uploads were all read
    expect(left(join(dir, STAFF))).toEqual([]);
    expect(left(dir).length).toBeGreaterThan(0); // files refused before reading (wrong role, someone else's) stay
  });
});
