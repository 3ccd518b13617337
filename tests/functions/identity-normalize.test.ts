import type { ApiResult } from '../../types/errors';
import { PRIVACY_NOTICE_VERSION, type MeOutput } from '../../types/identity';
import { main } from '../../cloudfunctions/identity';
import { writeRosterWorkbook } from '../../server/app/identity/roster-file';
import { demoRosterRows } from '../../server/seed/demo-roster-file';
import { freshEnv, type TestEnv } from '../support/ports';
import { ok, callerOf } from '../support/handler-client';
import { idOf, importRosterFile } from '../support/roster-fixtures';

/**
 * Regression (issue 7): an owner who typed `b301` was told "名册中没有这个房号" when the roster said `B301`,
 * because only the import path upper-cased. Import and verification now share types/normalize.ts, applied
 * inside the contract's schemas; this walks it through the real handler: import a roster, then claim.
 */
let env: TestEnv;
const STAFF = 'demo-community-staff';
const call = callerOf(main);

beforeAll(async () => {
  env = await freshEnv({ seed: true });
  // the demo roster plus building 5, unit B301, owned by two co-owners (one with a middle dot, one with a space)
  const rows = demoRosterRows().slice(1);
  rows.push(['5', '1', 'B301', '88.00', '艾力·买买提', idOf('65010219800101123'), '13910067788', '', '否']);
  rows.push(['5', '1', 'B301', '88.00', '王 芳', idOf('11010519820202456'), '13910068899', '', '否']);
  const { fileId } = await env.ports.files.put(`uploads/${STAFF}/b301.xlsx`, await writeRosterWorkbook(rows), 'application/octet-stream');
  expect(await importRosterFile(call, STAFF, 'hemu', fileId)).toMatchObject({ status: 'done', version: 2 });
}, 120_000);
afterAll(async () => env.cleanup());

const claim = (unit: { building: string; entrance: string; room: string }, name: string, phone: string) => ({
  estateId: 'hemu',
  unit,
  name,
  phone,
  consentVersion: PRIVACY_NOTICE_VERSION,
});
const unitsOf = async (openid: string) => ok((await call(openid, 'me', { estateId: 'hemu' })) as ApiResult<MeOutput>).current?.units.map((u) => u.label);

describe('typed unit numbers, names and phones match the roster as imported', () => {
  it('an owner who types b301 (and 5号楼, a spaced middle dot, a dashed phone) verifies against roster row B301', async () => {
    const r = await call('demo-unverified', 'verifyByRoster', claim({ building: '5号楼', entrance: '1单元', room: 'b301' }, ' 艾力 • 买买提 ', '139-1006-7788'));
    expect(ok(r).unit).toMatchObject({ unitId: 'hemu:5-1-B301', label: '5号楼1单元B301' });
    expect(await unitsOf('demo-unverified')).toEqual(['5号楼1单元B301']);
  });

  it('full-width ｂ３０１ and ５ work too, and "王芳" matches the roster\'s "王 芳"', async () => {
    const r = await call('demo-newcomer', 'verifyByRoster', claim({ building: '５', entrance: '１', room: 'ｂ３０１' }, '王芳', '+86 139 1006 8899'));
    expect(ok(r).unit).toMatchObject({ unitId: 'hemu:5-1-B301' });
  });

  it('a unit part that can never be in a roster is a field error, not a roster miss', async () => {
    const r = await call('demo-unverified', 'verifyByRoster', claim({ building: '5', entrance: '1', room: 'B-301' }, '王芳', '13910068899'));
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'unit.room', code: 'FIELD_INVALID', message: '房号格式不正确' }] } });
  });
});
