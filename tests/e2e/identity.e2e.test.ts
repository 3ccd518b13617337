import type { Page } from 'playwright-core';
import { demoRosterRows } from '../../server/seed/demo-roster-file';
import { fillRoom, journeyHarness, pickFile, rosterXlsx, shotTo, SHOTS_DIR, XLSX_MIME } from './journey';

const journey = journeyHarness();
const { enterAs, home } = journey;
const shots = SHOTS_DIR;

/** Screenshot after the H5 page transition settles; `part` narrows it to one card. */
const shot = (page: Page, name: string, part?: string) => shotTo(shots, page, `identity-${name}`, part);
const XLSX = XLSX_MIME;

describe('owner verification and the roster, as people meet them', () => {
  it('(a) community staff 吴静 imports the roster: a bad row is reported and nothing is imported; the corrected file becomes version 2', async () => {
    const page = await enterAs('吴静');
    const workbench = page.locator('.workbench');
    await workbench.waitFor();
    expect(await workbench.locator('.workbench-name').allTextContents()).toEqual(['名册导入', '审核队列', '成员与角色', '议事规则', '纸质选票', '委托书核验', '诉求工作台', '诉求统计', '诉求分派规则']);
    await shot(page, 'staff-home');

    await workbench.locator('.entry-roster').click();
    await page.waitForURL(/packages\/staff\/identity\/roster\/index/);
    const version = page.locator('.roster-version');
    await page.locator('.roster-version', { hasText: /^第 1 版/ }).waitFor(); // loaded after the page opens
    const summary = await page.locator('.roster-summary').innerText();
    for (const text of ['共 120 套房屋', '业主人数 113 人', '1号楼', '第九条']) expect(summary).toContain(text);

    // the template downloads as an .xlsx
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.download-template').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // a file with one bad area: an error table, and nothing imported
    const rows = demoRosterRows().slice(1);
    const badRowIndex = rows.findIndex((r) => r[0] === '1' && r[1] === '1' && r[2] === '101');
    const bad = rows.map((r, i) => (i === badRowIndex ? [...r.slice(0, 3), '89.5.2', ...r.slice(4)] : r));
    await pickFile(page, '.pick-roster', { name: '和睦家园名册-有误.xlsx', mimeType: XLSX, buffer: await rosterXlsx(bad) });
    const errors = page.locator('.preview-errors');
    await errors.waitFor();
    expect(await errors.innerText()).toContain('没有导入任何数据');
    const errorRows = await errors.locator('.row-error').allInnerTexts();
    expect(errorRows).toHaveLength(1);
    expect(errorRows[0]).toContain(`第${badRowIndex + 2}行`);
    expect(errorRows[0]).toContain('登记面积(㎡)');
    await shot(page, 'roster-errors', '.roster-import');
    await expect(version.textContent()).resolves.toMatch(/^第 1 版/);
    expect(await page.locator('.confirm-import').count()).toBe(0);

    // the corrected file (with one real change): the diff, then confirm → version 2
    const changedIndex = rows.findIndex((r) => r[0] === '2' && r[1] === '2' && r[2] === '502');
    const fixed = rows.map((r, i) => (i === changedIndex ? [...r.slice(0, 3), '90.00', ...r.slice(4)] : r));
    await pickFile(page, '.pick-roster', { name: '和睦家园名册.xlsx', mimeType: XLSX, buffer: await rosterXlsx(fixed) });
    const diff = page.locator('.preview-diff');
    await diff.waitFor();
    const diffText = await diff.innerText();
    expect(diffText).toContain('变更 1 套');
    expect(diffText).toContain('新增 0 套');
    expect(diffText).toContain('未变化 119 套');
    expect(await diff.locator('.diff-changed').allInnerTexts()).toEqual([expect.stringContaining('2号楼2单元502')]);
    await shot(page, 'roster-diff', '.roster-import');
    await diff.locator('.confirm-import').click();
    await page.locator('.import-done').waitFor();
    expect(await page.locator('.import-done').innerText()).toContain('第 2 版');
    await page.locator('.roster-version', { hasText: /^第 2 版/ }).waitFor(); // the summary reloads after 导入完成
    expect(await page.locator('.roster-history .history-row').count()).toBe(2);
    await shot(page, 'roster-imported', '.roster-page');
  });

  it('(b) 马建华 verifies by roster match from the home page in well under a minute, and then sees his unit as 业主', async () => {
    const started = Date.now();
    const page = await enterAs('马建华');
    await page.locator('.no-estate .go-verify').click();
    await page.waitForURL(/pages\/identity\/verify\/index/);
    await page.locator('.privacy-notice').waitFor();
    // separate consent first: personal fields are disabled until 同意 is ticked
    await page.locator('.estate-option.selected').waitFor();
    expect(await page.locator('.input-name input').isDisabled()).toBe(true);
    expect(await page.locator('.privacy-notice').innerText()).toContain('仅用于与小区业主名册比对');
    await shot(page, 'verify-consent');
    await page.locator('.consent-toggle').click();
    expect(await page.locator('.input-name input').isDisabled()).toBe(false);

    await fillRoom(page, '2', '1', '102');
    await page.locator('.input-name input').fill('马建华');
    await page.locator('.input-phone input').fill('13910063352');
    await shot(page, 'verify-roster-filled', '.methods-card');
    await page.locator('.submit-verify').click();
    const result = page.locator('.result-verified');
    await result.waitFor();
    expect(await result.innerText()).toContain('2号楼1单元102');
    await shot(page, 'verify-success');

    await result.locator('.back-home').click();
    await page.locator('.estate-name').waitFor();
    expect(await page.locator('.my-units').innerText()).toContain('2号楼1单元102');
    expect(await page.locator('.my-roles').innerText()).toContain('业主');
    expect(await page.locator('.verify-entry').count()).toBe(0); // a verified owner no longer gets the big prompt
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await page.locator('body').innerText()).not.toContain('马建华');
    await shot(page, 'verified-home');
  });

  it('(c) 韩雪 (not on the roster) is told the match failed, sends her certificate instead; 吴静 approves; she then sees the unit', async () => {
    const buyer = await enterAs('韩雪');
    await buyer.locator('.go-verify').click();
    await buyer.locator('.privacy-notice').waitFor();
    await buyer.locator('.consent-toggle').click();
    await fillRoom(buyer, '3', '1', '702');
    await buyer.locator('.input-name input').fill('韩雪');
    await buyer.locator('.input-phone input').fill('13800001234');
    await buyer.locator('.submit-verify').click();
    const failure = buyer.locator('.failure-mismatch');
    await failure.waitFor();
    expect(await failure.innerText()).toMatch(/还(可以|能)?尝试 ?\d+ ?次|剩余 ?\d+ ?次/);
    await shot(buyer, 'verify-mismatch', '.methods-card');

    await failure.locator('.use-certificate').click();
    await buyer.locator('.form-certificate').waitFor();
    expect(await buyer.locator('.input-room input').inputValue()).toBe('702'); // what she typed is kept
    const photo = await buyer.screenshot({ clip: { x: 0, y: 0, width: 64, height: 48 } });
    await pickFile(buyer, '.photo-add', { name: '产权证.png', mimeType: 'image/png', buffer: photo });
    await buyer.locator('.photo-slot.photo-done').waitFor();
    await buyer.locator('.submit-verify').click();
    await buyer.locator('.result-pending').waitFor();
    await buyer.locator('.my-requests', { hasText: '待审核' }).waitFor({ timeout: 10_000 }); // the list reloads after the submit
    await shot(buyer, 'certificate-pending', '.verify-page');

    const staff = await enterAs('吴静');
    await staff.locator('.workbench .entry-review').click();
    const item = staff.locator('.review-item', { hasText: '3号楼1单元702' });
    await item.waitFor();
    const itemText = await item.innerText();
    expect(itemText).toContain('产权证审核');
    expect(itemText).toContain('韩*');
    expect(itemText).not.toContain('韩雪');
    await item.locator('.show-photos').click();
    await item.locator('.review-photo').first().waitFor();
    await shot(staff, 'review-item', '.review-queue');
    await item.locator('.approve').click();
    await item.locator('.confirm-approve').click();
    await staff.locator('.review-item', { hasText: '3号楼1单元702' }).waitFor({ state: 'detached' });
    await shot(staff, 'review-done');

    await home(buyer);
    await buyer.locator('.estate-name').waitFor();
    expect(await buyer.locator('.my-units').innerText()).toContain('3号楼1单元702');
    expect(await buyer.locator('.my-roles').innerText()).toContain('业主');
    await shot(buyer, 'buyer-home');
  });

  it('(g) a newcomer registers as a tenant; 吴静 confirms; the home page then shows the resident role and no vote', async () => {
    const tenant = await enterAs('新用户');
    expect(await tenant.locator('.no-estate').count()).toBe(1);
    await tenant.locator('.go-verify').click();
    await tenant.locator('.privacy-notice').waitFor();
    await tenant.locator('.consent-toggle').click();
    await tenant.locator('.method-tab.method-resident').click();
    await tenant.locator('.relation-tenant').click();
    await fillRoom(tenant, '2', '1', '502');
    await tenant.locator('.input-name input').fill('钱多多');
    await tenant.locator('.submit-verify').click();
    await tenant.locator('.result-pending').waitFor();
    expect(await tenant.locator('.verify-result').innerText()).toContain('住户');

    const staff = await enterAs('吴静');
    await staff.locator('.workbench .entry-review').click();
    const item = staff.locator('.review-item', { hasText: '2号楼1单元502' });
    await item.waitFor();
    expect(await item.innerText()).toContain('住户登记');
    expect(await item.innerText()).toContain('钱*多（租户）');
    await item.locator('.approve').click();
    // staff record where the tenant lives: the claimed unit by default, or only its building
    await item.locator('.residence-choices').waitFor();
    expect(await item.locator('.residence-unit').getAttribute('aria-checked')).toBe('true');
    expect(await item.locator('.residence-building').innerText()).toContain('只确认住在 2号楼');
    await shot(staff, 'resident-confirm');
    await item.locator('.confirm-approve').click();
    await staff.locator('.review-item', { hasText: '2号楼1单元502' }).waitFor({ state: 'detached' });

    await home(tenant);
    await tenant.locator('.estate-name').waitFor();
    expect(await tenant.locator('.my-roles').innerText()).toContain('住户');
    expect(await tenant.locator('.my-units').innerText()).toContain('不参加表决');
    await shot(tenant, 'resident-home');
  });

  it('(d) a tenant who opens a staff page sees 无权限, and no 工作台 on the home page', async () => {
    const page = await enterAs('赵磊');
    expect(await page.locator('.workbench').count()).toBe(0);
    await page.goto(`${journey.url}index.html#/packages/staff/identity/roster/index`);
    const blocked = page.locator('.blocked-forbidden');
    await blocked.waitFor();
    expect(await blocked.innerText()).toContain('无权限');
    await shot(page, 'tenant-forbidden');
    await page.goto(`${journey.url}index.html#/packages/staff/identity/review/index?estateId=hemu`);
    await page.locator('.review-page .blocked-forbidden').waitFor();
  });

  it('(e) co-owners change their voting representative: 李秀英 proposes herself from 我的房屋, 周明 confirms', async () => {
    const li = await enterAs('李秀英');
    await li.locator('.unit-item', { hasText: '1号楼2单元302' }).click();
    await li.waitForURL(/pages\/identity\/unit\/index/);
    const owners = li.locator('.unit-card');
    await owners.waitFor();
    expect(await owners.innerText()).toContain('表决权代表');
    await li.locator('.propose-representative').click();
    await li.locator('.proposal-card').waitFor();
    expect(await li.locator('.proposal-card').innerText()).toContain('等待确认：周*');
    expect(await li.locator('.confirm-representative').count()).toBe(0); // the proposer does not confirm her own proposal
    await shot(li, 'unit-proposed', '.unit-page');

    const zhou = await enterAs('周明');
    await zhou.locator('.unit-item', { hasText: '1号楼2单元302' }).click();
    await zhou.locator('.confirm-representative').click();
    await zhou.locator('.proposal-card').waitFor({ state: 'detached' });
    expect(await zhou.locator('.owner-row.is-representative').innerText()).toContain('李*英');

    await home(li);
    expect(await li.locator('.my-units .unit-item', { hasText: '1号楼2单元302' }).innerText()).toContain('表决权代表');
  });

  it('(f) 吴静 grants a role with a reason on 成员与角色; a reason is required first', async () => {
    const staff = await enterAs('吴静');
    await staff.locator('.workbench .entry-members').click();
    await staff.locator('.member-item').first().waitFor();
    // the estate has ~80 members (the seeded votes' owners): narrow by role on the server, as staff would
    await staff.locator('.role-filter.filter-resident').click();
    await staff.locator('.role-filter.filter-resident.selected').waitFor();
    const tenant = staff.locator('.member-item', { hasText: '住户' }).first();
    await tenant.locator('.manage-member').click();
    await tenant.locator('.option-grid_worker').click();
    await tenant.locator('.confirm-change').click();
    expect(await tenant.locator('.change-error').innerText()).toContain('请填写理由');
    await tenant.locator('.change-reason textarea').fill('经居委会会议决定，担任 3 号楼网格员');
    await tenant.locator('.confirm-change').click();
    await tenant.locator('.role-chip.role-grid_worker').waitFor();
    await shot(staff, 'members-granted', '.members-card');
  });
});
