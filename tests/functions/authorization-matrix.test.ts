/**
 * Walk every cell of the authorization matrix (types/authorization.ts, derived from each contract action's
 * access and scope) THROUGH THE LOCAL GATEWAY, on both engines (freshEnv): one persona per role holding
 * exactly that role in the demo estate, with a signed dev-login session; targets are a unit the persona
 * owns, the demo estate (a unit there that is not theirs, for unit-scoped actions) and a second estate
 * where the persona holds no role. Inputs are well-formed (derived from the action's schema with the
 * target pinned), so only authorization can refuse them.
 *
 * - refused cells answer one of AUTHORIZATION_REFUSALS and write nothing (every collection compared);
 * - allowed cells never answer an authorization refusal (nor INTERNAL); they may be refused for other
 *   reasons (a random member key is NOT_FOUND) and may write;
 * - without a session every action answers NOT_AUTHENTICATED and writes nothing.
 * An action added to a contract is walked without a new test; a disagreement is a real finding.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountKeyOf } from '../../server/app/identity/accounts';
import { ESTATES, MEMBERS, memberId, UNITS, type EstateDoc, type MemberDoc, type UnitDoc } from '../../server/app/identity/records';
import { CLOUD_FUNCTIONS } from '../../server/gateway/functions';
import { SESSION_COOKIE, sessionValue } from '../../server/gateway/server';
import { DEMO_ESTATE_ID } from '../../server/seed/demo-estate';
import { AUTHORIZATION_REFUSALS, authorizationMatrix, renderAuthorizationMarkdown, TARGETS, type Target } from '../../types/authorization';
import { ROLES, type Role } from '../../types/common';
import type { ApiResult } from '../../types/errors';
import { PERMISSIONS } from '../../types/permissions';
import { ACTION_CATALOG, snapshotDb, type CatalogAction, type DbSnapshot } from '../support/action-catalog';
import { freshEnv, type TestEnv } from '../support/ports';
import { validInput } from '../support/schema-arbitraries';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

const OTHER_ESTATE = 'lanting';
/** one persona per role, holding exactly that role in the demo estate; the owner owns 1-1-101 */
const PERSONAS: Record<Role, string> = Object.fromEntries(ROLES.map((r) => [r, r === 'owner' ? 'demo-owner' : `matrix-${r}`])) as Record<Role, string>;
const TARGET_INPUT: Record<Target, { estateId: string; unitId: string }> = {
  ownUnit: { estateId: DEMO_ESTATE_ID, unitId: `${DEMO_ESTATE_ID}:1-1-101` },
  ownEstate: { estateId: DEMO_ESTATE_ID, unitId: `${DEMO_ESTATE_ID}:3-1-101` }, // a roster unit nobody in the matrix owns
  otherEstate: { estateId: OTHER_ESTATE, unitId: `${OTHER_ESTATE}:1-1-101` },
};
const REFUSALS: readonly string[] = AUTHORIZATION_REFUSALS;
const MATRIX = authorizationMatrix();
const ROWS = MATRIX.map((row) => [`${row.capability}.${row.action}`, row] as const);
const catalogEntry = (capability: string, action: string) => ACTION_CATALOG.find((a) => a.capability === capability && a.action === action)!;

let env: TestEnv;
let gw: TestGateway;
/** the deployment administrator (configuration, GONGYI_ADMIN_OPENIDS): holds no role, passes access 'admin' only */
const ADMIN_PERSONA = 'matrix-admin';
const savedAdmins = process.env.GONGYI_ADMIN_OPENIDS;

beforeAll(async () => {
  process.env.GONGYI_ADMIN_OPENIDS = ADMIN_PERSONA;
  env = await freshEnv({ seed: true });
  const at = env.clock.now().toISOString();
  await env.storage.transaction(async (tx) => {
    for (const role of ROLES) {
      if (role === 'owner') continue; // demo-owner: exactly ['owner'], one unit
      const openid = PERSONAS[role];
      const member: MemberDoc = {
        estateId: DEMO_ESTATE_ID,
        openid,
        accountKey: accountKeyOf(env.ports.crypto, DEMO_ESTATE_ID, openid),
        roles: [role],
        displayName: '矩*员',
        since: at,
        history: [{ at, by: 'system', change: `roles: ${role}`, reason: 'authorization matrix test' }],
      };
      await tx.create(MEMBERS, memberId(DEMO_ESTATE_ID, openid), member);
    }
    // a second estate with one unit, where none of the personas holds a role
    const estate: EstateDoc = {
      name: '兰亭苑',
      district: '示例市和平区幸福街道',
      address: '和平区兰亭路 1 号',
      communityName: '兰亭社区居委会',
      partyBranchName: '兰亭苑小区党支部',
      buildings: ['1'],
      totals: { unitCount: 1, areaCenti: 9000, headcount: 1 },
      createdAt: at,
    };
    await tx.create(ESTATES, OTHER_ESTATE, estate);
    const unit: UnitDoc = { estateId: OTHER_ESTATE, building: '1', entrance: '1', room: '101', label: '1号楼1单元101', areaCenti: 9000, ownerKeys: [], developerHeld: false };
    await tx.create(UNITS, TARGET_INPUT.otherEstate.unitId, unit);
  });
  gw = await startTestGateway(env, CLOUD_FUNCTIONS);
}, 60_000);
afterAll(async () => {
  await gw?.close();
  await env.cleanup();
  if (savedAdmins === undefined) delete process.env.GONGYI_ADMIN_OPENIDS;
  else process.env.GONGYI_ADMIN_OPENIDS = savedAdmins;
});

/** The cookie /dev/login sets for an openid (it only logs in listed demo personas, so matrix personas get theirs minted). */
const session = (openid: string) => `${SESSION_COOKIE}=${sessionValue(env.ports.crypto, openid)}`;

/** A well-formed input for the action aimed at the target, the same for every run (fixed seed). */
function inputFor(entry: CatalogAction, target: Target, openid: string): unknown {
  const shape = entry.input._zod.def.shape ?? {};
  const overrides: Record<string, unknown> = {};
  if ('estateId' in shape) overrides.estateId = TARGET_INPUT[target].estateId;
  if ('unitId' in shape) overrides.unitId = TARGET_INPUT[target].unitId;
  // files must be the caller's own uploads, or the use case refuses them for that reason
  if ('fileId' in shape) overrides.fileId = `uploads/${openid}/matrix.xlsx`;
  if ('certificateFileIds' in shape) overrides.certificateFileIds = [`uploads/${openid}/matrix.jpg`];
  const [input] = fc.sample(validInput(entry.input, { overrides }), { numRuns: 1, seed: 20261123 });
  // the handler checks access only after the schema accepts the input: a refusal can then only be authorization
  // or the use case's own finer checks (a use case may still answer VALIDATION_FAILED, e.g. phone and phoneCode both given)
  if (!entry.input.safeParse(JSON.parse(JSON.stringify(input))).success) throw new Error(`${entry.action}: derived input does not parse`);
  return input;
}

async function call(entry: CatalogAction, input: unknown, cookie?: string): Promise<ApiResult<unknown>> {
  const res = await fetch(`${gw.base}/api/${entry.capability}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ action: entry.action, input }),
  });
  return (await res.json()) as ApiResult<unknown>;
}

const codeOf = (r: ApiResult<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('the authorization matrix as data', () => {
  it('has a row for every contract action and a cell for every role and target', () => {
    expect(MATRIX.map((r) => `${r.capability}.${r.action}`)).toEqual(ACTION_CATALOG.map((a) => `${a.capability}.${a.action}`));
    for (const row of MATRIX) for (const role of ROLES) expect(Object.keys(row.cells[role])).toEqual([...TARGETS]);
  });

  it('admits exactly the roles of the permission table in the own estate, and nobody in another estate', () => {
    for (const row of MATRIX.filter((r) => r.scope === 'estate' && r.access in PERMISSIONS)) {
      const admitted = ROLES.filter((role) => row.cells[role].ownEstate === 'allowed');
      expect({ action: row.action, admitted }).toEqual({ action: row.action, admitted: ROLES.filter((r) => (PERMISSIONS[row.access as keyof typeof PERMISSIONS] as readonly Role[]).includes(r)) });
      expect(ROLES.every((role) => row.cells[role].otherEstate === 'refused')).toBe(true);
    }
  });

  it('is rendered into docs/authorization.md (regenerate with npx tsx scripts/authorization-doc.ts)', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'authorization.md'), 'utf8')).toBe(renderAuthorizationMarkdown());
  });

  it('logs personas in with a session equivalent to the one /dev/login sets', async () => {
    // each login has its own session id (logout revokes one session), so compare who each cookie identifies
    const me = async (cookie: string) =>
      (await fetch(`${gw.base}/api/identity`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ action: 'me', input: {} }) })).json();
    const viaLogin = await me(await gw.login('demo-owner'));
    expect(viaLogin).toMatchObject({ ok: true });
    expect(await me(session('demo-owner'))).toEqual(viaLogin);
  });
});

/** Refused cells write nothing, so the snapshot after one action is the snapshot before the next. */
let lastSnapshot: DbSnapshot | null = null;

describe('refused cells (and callers without a session) are refused with an authorization code and write nothing', () => {
  it.each(ROWS)('%s', async (name, row) => {
    const entry = catalogEntry(row.capability, row.action);
    const before = lastSnapshot ?? (await snapshotDb(env.storage));
    lastSnapshot = null;
    const disagreements: string[] = [];
    for (const role of ROLES) {
      for (const target of TARGETS) {
        if (row.cells[role][target] !== 'refused') continue;
        const r = await call(entry, inputFor(entry, target, PERSONAS[role]), session(PERSONAS[role]));
        if (!REFUSALS.includes(codeOf(r))) disagreements.push(`${role} × ${target}: declared refused, server answered ${codeOf(r)}`);
      }
    }
    for (const target of TARGETS) {
      if (ROLES.every((role) => row.cells[role][target] === 'n/a')) continue;
      const r = await call(entry, inputFor(entry, target, 'anonymous'));
      if (codeOf(r) !== 'NOT_AUTHENTICATED') disagreements.push(`no session × ${target}: answered ${codeOf(r)}`);
    }
    expect({ action: name, disagreements }).toEqual({ action: name, disagreements: [] });
    const after = await snapshotDb(env.storage);
    expect({ action: name, counts: after.counts, docs: after.docs }).toEqual({ action: name, counts: before.counts, docs: before.docs });
    lastSnapshot = after;
  });
});

describe('allowed cells pass authorization (whatever else the use case then says)', () => {
  it.each(ROWS)('%s', async (name, row) => {
    const entry = catalogEntry(row.capability, row.action);
    const disagreements: string[] = [];
    let walked = 0;
    if (row.access === 'admin') {
      // refused to every role (above); the configured administrator passes, in any estate
      for (const target of TARGETS.filter((t) => t !== 'ownUnit' && (row.scope === 'estate' || t === 'ownEstate'))) {
        walked++;
        const code = codeOf(await call(entry, inputFor(entry, target, ADMIN_PERSONA), session(ADMIN_PERSONA)));
        if (REFUSALS.includes(code) || code === 'INTERNAL') disagreements.push(`administrator × ${target}: answered ${code}`);
      }
    }
    for (const role of ROLES) {
      for (const target of TARGETS) {
        if (row.cells[role][target] !== 'allowed') continue;
        walked++;
        const r = await call(entry, inputFor(entry, target, PERSONAS[role]), session(PERSONAS[role]));
        const code = codeOf(r);
        if (REFUSALS.includes(code) || code === 'INTERNAL') {
          disagreements.push(`${role} × ${target}: declared allowed, server answered ${code}`);
        }
      }
    }
    expect({ action: name, disagreements }).toEqual({ action: name, disagreements: [] });
    expect(walked).toBeGreaterThan(0);
  });
});
