/**
 * From an empty data folder (GONGYI_DEMO_SEED=off) in real Chromium: the administrator named by configuration
 * (GONGYI_ADMIN_OPENIDS) creates an estate and issues an invitation code on the 管理员 page; a community worker
 * redeems it under 输入邀请码 on the home page and lands in the estate. (Roster import and the owner's verification
 * after it: tests/functions/estate-bootstrap.test.ts and identity.e2e.test.ts.)
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { journeyHarness, SHOTS_DIR as shots } from './journey';

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
