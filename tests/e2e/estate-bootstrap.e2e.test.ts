/**
 * From an empty data folder (GONGYI_DEMO_SEED=off) in real Chromium, issue 8's "done when" as people meet it:
 * the administrator named by configuration (GONGYI_ADMIN_OPENIDS) creates an estate and issues an invitation code
 * on the 管理员 page; a community worker redeems it under 输入邀请码 and imports the first roster on 名册导入;
 * owners named in it verify by roster match on 身份认证 and see their unit on 我的房屋. Then a sale: the buyer's
 * certificate is approved in 审核队列 as an explicit transfer decision, and the seller can neither verify again
 * nor act for the unit. A second roster version lists the affected accounts under 名册复核; a sensitive role
 * grant waits for a second person on 成员与角色. The tests run in order and share the one estate.
 * Screenshots of the staff sections at 390×844: /tmp/shots-journey8 (GONGYI_SHOTS_DIR overrides).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { renderError } from '../../types/errors';
import { ROLE_LABELS } from '../../types/common';
import { demoRosterRows } from '../../server/seed/demo-roster-file';
import { HOME_TEXT } from '../../src/lib/home-view';
import { UNIT_TEXT } from '../../src/lib/identity-unit';
import { REVIEW_TEXT } from '../../src/lib/staff-review';
import { ROSTER_REVIEW_GUIDE, ROSTER_REVIEW_REASON_TEXT, ROSTER_REVIEW_TEXT } from '../../src/lib/staff-roster-review';
import { ROSTER_TEXT } from '../../src/lib/staff-roster';
import { MEMBERS_TEXT, roleActionLabel } from '../../src/lib/staff-members';
import { fillRoom, journeyHarness, pickFile, rosterXlsx, shotTo, SHOTS_DIR as shots, XLSX_MIME } from './journey';

// the gateway process inherits these (tests/e2e/gateway-process.ts spreads process.env)
process.env.GONGYI_DEMO_SEED = 'off';
process.env.GONGYI_ADMIN_OPENIDS = 'demo-admin';

const journey = journeyHarness();

/** every visible text ≥ 16 px and every button ≥ 44 px tall, at the page's viewport */
async function measure(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { text: (el.textContent ?? '').trim().slice(0, 20), font: parseFloat(getComputedStyle(el).fontSize), height: r.height };
    }),
  );
}

describe('an estate starts from an empty folder', () => {
  it('administrator creates the estate and invites a community worker, who joins with the code', async () => {
    const admin = await journey.enterAs('管理员', { width: 390, height: 844 });
    expect(await admin.locator('.no-estate').count()).toBe(1); // the administrator belongs to no estate
    await admin.locator('.go-admin').click();
    await admin.waitForURL(/packages\/admin\/index/);
    await admin.locator('.create-estate').waitFor();
    expect(await admin.locator('body').innerText()).toContain('还没有小区');

    const fields: Record<string, string> = {
      name: '兰亭苑',
      district: '和平区幸福街道',
      address: '和平区兰亭路 1 号',
      communityName: '兰亭社区居委会',
      partyBranchName: '兰亭苑小区党支部',
    };
    for (const [key, value] of Object.entries(fields)) await admin.locator(`.field-${key} input, input.field-${key}`).first().fill(value);
    await admin.locator('.create-button').click();
    await admin.locator('.estate-row', { hasText: '兰亭苑' }).waitFor();
    await admin.locator('.invitations').waitFor();

    await admin.locator('.invitee-name input, input.invitee-name').first().fill('吴静');
    await admin.locator('.issue-button').click();
    const code = (await admin.locator('.issued-code').innerText()).trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    await admin.locator('.invitation-row', { hasText: '待使用' }).waitFor();
    expect(await admin.locator('.invitation-row').first().innerText()).toContain('社区居委会 · 吴*');
    await admin.screenshot({ path: join(shots, 'admin-issued.png'), fullPage: true });

    const texts = await measure(admin, '.admin-page .hint, .admin-page .field-label, .admin-page .invitation-status, .admin-page .estate-detail');
    expect(texts.filter((t) => t.font < 16)).toEqual([]);
    const taps = await measure(admin, '.admin-page .big-button, .admin-page .revoke-button');
    expect(taps.filter((t) => t.height < 44)).toEqual([]);

    const worker = await journey.enterAs('吴静', { width: 390, height: 844 });
    await worker.locator('.go-invite').click();
    await worker.waitForURL(/pages\/invite\/index/);
    await worker.locator('.invite-code input, input.invite-code').first().fill(code.toLowerCase());
    await worker.locator('.redeem-button').click();
    await expect(worker.locator('.redeem-result').innerText()).resolves.toBe('你已加入“兰亭苑”，角色：社区居委会');
    await worker.screenshot({ path: join(shots, 'invite-redeemed.png'), fullPage: true });
    await journey.home(worker);
    await expect(worker.locator('.estate-name').textContent()).resolves.toBe('兰亭苑');
    expect(await worker.locator('.my-roles').innerText()).toContain('社区居委会');
    expect(await worker.locator('.go-admin').count()).toBe(0); // staff are not administrators

    // a second use of the same code is refused in Chinese
    const again = await journey.enterAs('韩雪', { width: 390, height: 844 });
    await again.goto(`${journey.url}index.html#/pages/invite/index?code=${code.replace(/-/g, '')}`);
    await again.locator('.redeem-button').click();
    await expect(again.locator('.redeem-result').innerText()).resolves.toBe('邀请码已经使用过，每个邀请码只能使用一次');

    await admin.reload();
    await admin.locator('.estate-row', { hasText: '兰亭苑' }).click();
    await admin.locator('.invitation-row', { hasText: '已使用' }).waitFor();
  });
});

const PHONE = { width: 390, height: 844 };
const SHOTS8 = process.env.GONGYI_SHOTS_DIR ?? '/tmp/shots-journey8';
mkdirSync(SHOTS8, { recursive: true });
const shot8 = (page: Page, name: string, part?: string) => shotTo(SHOTS8, page, name, part);

/** The first roster of 兰亭苑: seven units of the demo roster file (fictional people, valid ID check digits). */
const demoRows = demoRosterRows().slice(1);
const FIRST_ROSTER = demoRows.filter((r) => (r[0] === '1' && r[1] === '1' && Number(r[2]) < 400) || (r[0] === '2' && r[1] === '1' && r[2] === '102'));
const rowOf = (rows: string[][], unit: string) => rows.find((r) => r.slice(0, 3).join('-') === unit)!;
const SELLER = rowOf(FIRST_ROSTER, '1-1-101'); // 王建国, who sells 1号楼1单元101 to 韩雪
const MA = rowOf(FIRST_ROSTER, '2-1-102'); // 马建华
/**
 * The second version: 2号楼1单元102 has a new owner (马建华 sold; the roster office caught up), 黄丽华 has a new
 * phone, and 1号楼1单元101 still names the seller (the registry has not caught up with the sale).
 */
const NEW_OWNER = demoRows.find((r) => r.slice(0, 3).join('-') === '3-2-101')!; // another fictional person
const SECOND_ROSTER = FIRST_ROSTER.map((r) => {
  if (r === MA) return [...r.slice(0, 4), ...NEW_OWNER.slice(4)];
  if (r[4] === '黄丽华') return [...r.slice(0, 6), '13910023758', ...r.slice(7)];
  return r;
});

/** The staff workbench entry with this name (名册导入 / 审核队列 / 成员与角色). */
async function openWorkbench(page: Page, name: string) {
  await page.locator('.workbench').getByText(name, { exact: true }).click();
}

/** Upload a roster file on 名册导入, check the preview, confirm it; resolves with the preview's changed-unit lines. */
async function importRoster(page: Page, fileName: string, rows: string[][]) {
  await pickFile(page, page.getByText(ROSTER_TEXT.pickFile, { exact: true }), { name: fileName, mimeType: XLSX_MIME, buffer: await rosterXlsx(rows) });
  const diff = page.locator('.roster-preview');
  await diff.getByText(ROSTER_TEXT.previewTitle).waitFor();
  const previewText = await diff.innerText();
  const changed = await diff.locator('.diff-changed').allInnerTexts();
  await diff.getByText(ROSTER_TEXT.confirm, { exact: true }).click();
  await page.getByText(ROSTER_TEXT.doneTitle, { exact: false }).first().waitFor();
  return { previewText, changed };
}

/** 身份认证 by roster match: consent, room, name, phone, 提交比对; resolves with what the page says after. */
async function verifyByRoster(page: Page, row: string[]) {
  await page.goto(`${journey.url}index.html#/pages/identity/verify/index`);
  await page.locator('.privacy-notice').waitFor();
  await page.locator('.estate-option', { hasText: '兰亭苑' }).click();
  await page.locator('.consent-toggle').click();
  await fillRoom(page, row[0], row[1], row[2]);
  await page.locator('.input-name input').fill(row[4]);
  await page.locator('.input-phone input').fill(row[6]);
  await page.getByText('提交比对', { exact: true }).click();
  const outcome = page.locator('.result-verified, .verify-failure, .form-error');
  await outcome.first().waitFor();
  return outcome.first().innerText();
}

describe('the first roster, a first verified owner, and a sale in 兰亭苑', () => {
  it('吴静 imports the first roster on 名册导入; 王建国 and 马建华 verify by roster match and see their units', async () => {
    const worker = await journey.enterAs('吴静', PHONE);
    await openWorkbench(worker, '名册导入');
    await worker.waitForURL(/packages\/staff\/identity\/roster\/index/);
    await expect(worker.locator('.roster-summary').innerText()).resolves.toContain(ROSTER_TEXT.noRoster);
    const first = await importRoster(worker, '兰亭苑名册.xlsx', FIRST_ROSTER);
    expect(first.previewText).toContain('首次导入（文件共 7 行）');
    expect(first.previewText).toContain('共 7 套房屋');
    expect(first.previewText).toContain('业主人数 6 人'); // 黄丽华's two units count once
    // the page shows 导入完成 first and reloads the roster summary after it: wait for the new version, don't read at once
    await worker.locator('.roster-version', { hasText: /^第 1 版/ }).waitFor();
    await shot8(worker, 'roster-first-import', '.roster-page');

    for (const row of [SELLER, MA]) {
      const owner = await journey.enterAs(row[4], PHONE);
      const said = await verifyByRoster(owner, row);
      expect(said).toContain(`${row[0]}号楼${row[1]}单元${row[2]}`);
      await journey.home(owner);
      await expect(owner.locator('.estate-name').innerText()).resolves.toBe('兰亭苑');
      expect(await owner.locator('.my-units').innerText()).toContain(`${row[0]}号楼${row[1]}单元${row[2]}`);
      expect(await owner.locator('.my-roles').innerText()).toContain('业主');
    }
  });

  it('a sale: 韩雪 sends her certificate for 1号楼1单元101; 吴静 sees the transfer warning and approves with a reason; 王建国 is refused after', async () => {
    const buyer = await journey.enterAs('韩雪', PHONE);
    await buyer.goto(`${journey.url}index.html#/pages/identity/verify/index`);
    await buyer.locator('.privacy-notice').waitFor();
    await buyer.locator('.estate-option', { hasText: '兰亭苑' }).click();
    await buyer.locator('.consent-toggle').click();
    await buyer.locator('.method-tab', { hasText: '上传产权证' }).click();
    await fillRoom(buyer, '1', '1', '101');
    await buyer.locator('.input-name input').fill('韩雪');
    const photo = await buyer.screenshot({ clip: { x: 0, y: 0, width: 64, height: 48 } });
    await pickFile(buyer, '.photo-add', { name: '产权证.png', mimeType: 'image/png', buffer: photo });
    await buyer.locator('.photo-slot.photo-done').waitFor();
    await buyer.getByText('提交审核', { exact: true }).click();
    await buyer.locator('.result-pending').waitFor();

    const staff = await journey.enterAs('吴静', PHONE);
    await openWorkbench(staff, '审核队列');
    const item = staff.locator('.review-item', { hasText: '1号楼1单元101' });
    await item.waitFor();
    const itemText = await item.innerText();
    expect(itemText).toContain(REVIEW_TEXT.transferVerifiedOwner); // the unit already has a verified owner
    expect(itemText).toContain('名册登记业主：王*国');
    await item.getByText(REVIEW_TEXT.approve, { exact: true }).click();
    await item.getByText(REVIEW_TEXT.transferReasonLabel).waitFor();
    await item.getByText(REVIEW_TEXT.confirmApprove, { exact: true }).click();
    await expect(item.locator('.decision-error').innerText()).resolves.toBe('产权转移请填写理由（至少 2 个字）');
    await item.locator('.transfer-reason textarea').fill('已核对韩雪的不动产权证原件和网签合同，王建国已出售');
    await shot8(staff, 'review-transfer-warning', '.review-queue');
    await item.getByText(REVIEW_TEXT.confirmApprove, { exact: true }).click();
    await staff.locator('.review-item', { hasText: '1号楼1单元101' }).waitFor({ state: 'detached' });

    await journey.home(buyer);
    expect(await buyer.locator('.my-units').innerText()).toMatch(/1号楼1单元101[\s\S]*表决权代表/);

    // the seller: 我的房屋 no longer lists the unit but says plainly it left his account, there is no big 去认证
    // prompt (it could only end in a refusal), its page refuses him, and a new roster match is refused
    const seller = await journey.enterAs('王建国', PHONE);
    expect(await seller.locator('.my-units .unit-item').count()).toBe(0);
    expect(await seller.locator('.my-units .former-unit-line').innerText()).toMatch(/^1号楼1单元101 已于 \d{4}-\d{2}-\d{2} 不再关联你的账号$/);
    expect(await seller.locator('.verify-entry').count()).toBe(0);
    const sellerRoles = seller.locator('.my-roles');
    expect((await sellerRoles.count()) ? await sellerRoles.innerText() : '').not.toContain('业主'); // no unit, no 业主
    await shot8(seller, 'seller-home');
    await buyer.locator('.my-units .unit-item', { hasText: '1号楼1单元101' }).click();
    await buyer.waitForURL(/pages\/identity\/unit\/index/);
    await seller.goto(buyer.url());
    const refused = seller.locator('.unit-page .blocked');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('无权限');
    expect(await refused.innerText()).toContain(`${renderError('UNIT_OWNERS_ONLY')}。${UNIT_TEXT.forbiddenHint}`);
    await shot8(seller, 'seller-unit-refused');
    const said = await verifyByRoster(seller, SELLER);
    expect(said).toContain(renderError('ROSTER_OWNER_SUPERSEDED'));
    await shot8(seller, 'seller-verify-superseded', '.methods-card');
  });

  it('a second roster version changes owners: the preview shows every change (phones too); 名册复核 lists the accounts to settle', async () => {
    const worker = await journey.enterAs('吴静', PHONE);
    await openWorkbench(worker, '名册导入');
    const second = await importRoster(worker, '兰亭苑名册-第2版.xlsx', SECOND_ROSTER);
    expect(second.changed).toEqual(['变更 1号楼1单元201：黄*华 手机号变更', '变更 1号楼1单元202：黄*华 手机号变更', '变更 2号楼1单元102：业主变更']);
    // the page shows 导入完成 first and reloads the roster summary after it: wait for the new version, don't read at once
    await worker.locator('.roster-version', { hasText: /^第 2 版/ }).waitFor();

    const review = worker.locator('.roster-review');
    await review.getByText('2 套房屋待复核').waitFor();
    const ma = review.locator('.review-unit', { hasText: '2号楼1单元102' });
    expect(await ma.innerText()).toContain(ROSTER_REVIEW_REASON_TEXT.owners_changed);
    expect(await ma.innerText()).toContain('马*华 · 名册比对 · 表决权代表');
    const sale = review.locator('.review-unit', { hasText: '1号楼1单元101' });
    expect(await sale.innerText()).toContain(ROSTER_REVIEW_REASON_TEXT.certificate_not_in_roster);
    expect(await sale.innerText()).toContain('韩*');
    expect(await sale.innerText()).toContain(ROSTER_REVIEW_GUIDE.certificate_not_in_roster); // what 保留 / 解除关联 would do
    await shot8(worker, 'roster-review', '.roster-review');

    // settle one: 马建华 no longer owns 2号楼1单元102
    await ma.getByText(ROSTER_REVIEW_TEXT.unlink, { exact: true }).click();
    await ma.locator('.review-reason textarea').fill('已电话核实，房屋已出售给林刚');
    await ma.locator('.confirm-settle').click();
    await ma.getByText('已解除关联', { exact: true }).waitFor();
    await review.getByText('1 套房屋待复核').waitFor();
    await shot8(worker, 'roster-review-settled', '.roster-review');

    // unlinked by the review: his home lists no unit, says which one left his account, and (no role left) explains
    // why he sees no topics instead of a refusal
    const formerOwner = await journey.enterAs('马建华', PHONE);
    expect(await formerOwner.locator('.my-units .unit-item').count()).toBe(0);
    expect(await formerOwner.locator('.my-units .former-unit-line').innerText()).toContain('2号楼1单元102 已于');
    await expect(formerOwner.locator('.topics-card').innerText()).resolves.toContain(HOME_TEXT.topicsNotAllowed);
    expect(await formerOwner.locator('.topics-card').innerText()).not.toContain('没有权限');
  });

  it('a grant of 小区党支部书记 on 成员与角色 waits for a second person', async () => {
    const staff = await journey.enterAs('吴静', PHONE);
    await openWorkbench(staff, '成员与角色');
    const member = staff.locator('.member-item', { hasText: '韩*' }).first();
    await member.waitFor();
    await member.getByText('管理', { exact: true }).click();
    await member.getByText(roleActionLabel({ label: ROLE_LABELS.party_secretary, action: 'grant' }), { exact: true }).click();
    await member.locator('.change-reason textarea').fill('经小区党员大会选举，担任党支部书记');
    await member.locator('.confirm-change').click();
    const grants = staff.locator('.role-grants');
    await grants.getByText(MEMBERS_TEXT.grantsTitle).waitFor();
    const row = grants.locator('.role-grant', { hasText: ROLE_LABELS.party_secretary });
    expect(await row.innerText()).toContain('理由：经小区党员大会选举，担任党支部书记 · 发起人：我');
    expect(await row.getByText(MEMBERS_TEXT.grantWithdraw, { exact: true }).count()).toBe(1);
    expect(await row.getByText(MEMBERS_TEXT.grantConfirm, { exact: true }).count()).toBe(0); // not by the proposer
    // not in effect yet, and the member's own row says so
    await expect(member.locator('.row-head').innerText()).resolves.toContain(`${ROLE_LABELS.party_secretary}（${MEMBERS_TEXT.pendingTag}）`);
    expect(await member.locator('.role-chip', { hasText: new RegExp(`^${ROLE_LABELS.party_secretary}$`) }).count()).toBe(0);
    await staff.waitForTimeout(1800); // the toast "已提交，待另一人确认" fades
    await shot8(staff, 'members-pending-grant', '.members-card');
  });

  it('a second 居委会 worker joins by invitation, confirmed by 吴静; she then confirms the 党支部书记 grant, which takes effect', async () => {
    const admin = await journey.enterAs('管理员', PHONE);
    await admin.locator('.go-admin').click();
    await admin.locator('.estate-row', { hasText: '兰亭苑' }).click();
    await admin.locator('.invitee-name input, input.invitee-name').first().fill('冯丽');
    await admin.locator('.issue-button').click();
    const code = (await admin.locator('.issued-code').innerText()).trim();

    // while 吴静 can confirm, a sensitive role redeemed by code waits for her
    const second = await journey.enterAs('冯丽', PHONE);
    await second.locator('.go-invite').click();
    await second.locator('.invite-code input, input.invite-code').first().fill(code);
    await second.locator('.redeem-button').click();
    expect(await second.locator('.redeem-result').innerText()).toContain('社区居委会角色需另一位工作人员或街道确认后生效');
    await journey.home(second);
    expect(await second.locator('.workbench').count()).toBe(0);

    const first = await journey.enterAs('吴静', PHONE);
    await openWorkbench(first, '成员与角色');
    const grants = first.locator('.role-grants');
    const joining = grants.locator('.role-grant', { hasText: `冯* · ${ROLE_LABELS.community_staff}` });
    await joining.getByText(MEMBERS_TEXT.grantConfirm, { exact: true }).click();
    await joining.waitFor({ state: 'detached' });

    await journey.home(second);
    await openWorkbench(second, '成员与角色');
    const pending = second.locator('.role-grant', { hasText: `韩* · ${ROLE_LABELS.party_secretary}` });
    expect(await pending.innerText()).toContain('发起人：吴*');
    await pending.getByText(MEMBERS_TEXT.grantConfirm, { exact: true }).click();
    await pending.waitFor({ state: 'detached' });

    const member = await journey.enterAs('韩雪', PHONE);
    expect(await member.locator('.my-roles').innerText()).toContain(ROLE_LABELS.party_secretary);
  });
});
