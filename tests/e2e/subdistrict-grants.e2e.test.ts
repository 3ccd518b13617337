/**
 * Sub-district staff confirm grants of sensitive roles (identity.confirmRoleGrant) on 成员与角色. Before, 郑涛
 * (街道) had the permission but no workbench entry, and the page answered 无权限 (its first read was listMembers).
 * On the demo estate at 390x844: 吴静 proposes 党支部书记 for a member; 郑涛 opens 角色授予确认 from the workbench,
 * sees only the pending grant (no member list), and confirms it. Screenshot: .tmp/e2e/subdistrict-*.png.
 */
import { join } from 'node:path';
import { ROLE_LABELS } from '../../types/common';
import { CONFIRM_ONLY_TEXT, MEMBERS_TEXT, roleActionLabel } from '../../src/lib/staff-members';
import { journeyHarness, SHOTS_DIR } from './journey';

const PHONE = { width: 390, height: 844 };
const journey = journeyHarness();

describe('sub-district staff confirm a pending grant', () => {
  it('郑涛 opens 角色授予确认 and confirms 吴静’s proposal', async () => {
    const staff = await journey.enterAs('吴静', PHONE);
    await staff.locator('.workbench').getByText('成员与角色', { exact: true }).click();
    const member = staff.locator('.member-item', { hasText: '王*国' }).first();
    // the estate has more members than one page (the seeded votes' owners): 加载更多 until 王建国 shows, as staff would
    await staff.locator('.member-item').first().waitFor();
    for (let page = 0; !(await member.count()) && page < 10; page++) {
      const shown = await staff.locator('.member-item').count();
      await staff.locator('.load-more').click();
      await staff.waitForFunction((n) => document.querySelectorAll('.member-item').length > n, shown);
    }
    await member.waitFor();
    await member.getByText('管理', { exact: true }).click();
    await member.getByText(roleActionLabel({ label: ROLE_LABELS.party_secretary, action: 'grant' }), { exact: true }).click();
    await member.locator('.change-reason textarea').fill('经小区党员大会选举，担任党支部书记');
    await member.locator('.confirm-change').click();
    await staff.locator('.role-grants .role-grant').first().waitFor();

    const subdistrict = await journey.enterAs('郑涛', PHONE);
    await subdistrict.locator('.workbench').getByText(CONFIRM_ONLY_TEXT.title, { exact: true }).click();
    await subdistrict.waitForURL(/packages\/staff\/identity\/members\/index/);
    const grant = subdistrict.locator('.role-grant', { hasText: `王*国 · ${ROLE_LABELS.party_secretary}` });
    await grant.waitFor();
    const page = subdistrict.locator('.members-page');
    expect(await page.locator('.card-title').first().innerText()).toContain(CONFIRM_ONLY_TEXT.title);
    expect(await page.locator('.member-item').count()).toBe(0); // no member list for the sub-district
    expect(await page.getByText('无权限').count()).toBe(0);
    await subdistrict.screenshot({ path: join(SHOTS_DIR, 'subdistrict-grants.png'), fullPage: true });

    await grant.getByText(MEMBERS_TEXT.grantConfirm, { exact: true }).click();
    await grant.waitFor({ state: 'detached' });
    await page.getByText(CONFIRM_ONLY_TEXT.empty, { exact: true }).waitFor();
  });
});
