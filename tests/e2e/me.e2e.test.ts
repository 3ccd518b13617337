/**
 * Issue 9 (helper [me]): a newcomer's first screen explains 共议 and offers the right first step; 我的 shows my
 * estate, units and verification, switches 大字模式 (remembered across a reload, on every page) and signs out on H5;
 * a co-owner can say no to a proposed representative on 我的房屋. At 390x844 like a phone.
 * Screenshots: .tmp/e2e/me-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { journeyHarness, SHOTS_DIR } from './journey';

const PHONE = { width: 390, height: 844 };

/** The current Taro page rendered its data (no loading block) and the H5 slide-in transition is over. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page')).filter((p) => (p as HTMLElement).checkVisibility());
    const current = pages[pages.length - 1];
    return !!current && current.textContent!.trim().length > 0 && !current.querySelector('.page-loading');
  }, undefined, { timeout: 30_000 });
  await page.waitForTimeout(600);
}

const journey = journeyHarness();
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS_DIR, `me-${name}.png`), fullPage: true });
const px = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

describe('a newcomer’s first screen', () => {
  it('says what 共议 does, keeps the legal basis behind 为什么, and sends owner, tenant and staff to their first step', async () => {
    const page = await journey.enterAs('新用户', PHONE);
    const first = page.locator('.first-screen');
    await first.waitFor();
    const text = await first.innerText();
    expect(text).toContain('共议帮业主在手机上认证身份，一起讨论并表决小区的大事。');
    expect(text).toContain('报修、建议等诉求提交后，你可以随时看到办到了哪一步。');
    expect(text).not.toContain('第九条'); // citations stay closed until asked for
    expect(text).not.toContain('请联系居委会或党支部登记');
    for (const [cls, label] of [['.go-verify', '身份认证'], ['.go-resident', '住户登记'], ['.go-invite', '输入邀请码']]) {
      expect((await first.locator(cls).innerText()).trim()).toBe(label);
    }
    await shot(page, 'newcomer-first-screen');

    await first.locator('.first-screen-why .why-toggle').click();
    expect(await first.locator('.first-screen-why .why-body').innerText()).toContain('第九条');
    await shot(page, 'newcomer-why-open');

    // a tenant's step opens 身份认证 on 住户登记, with a tenant's words
    await first.locator('.go-resident').click();
    await page.waitForURL(/identity\/verify\/index\?method=resident/);
    await settle(page);
    await page.locator('.method-tab.method-resident.selected').waitFor();
    expect((await page.locator('.submit-verify').innerText()).trim()).toBe('提交住户登记');
    expect(await page.locator('.input-name input').getAttribute('placeholder')).not.toContain('房产证');
    await shot(page, 'newcomer-resident');
  });
});

describe('我的', () => {
  it('shows my estate, unit and verification; 大字模式 is remembered across a reload and reaches the home page', async () => {
    const page = await journey.enterAs('王建国', PHONE);
    await page.locator('.me-entry .list-row').click();
    await page.waitForURL(/pages\/me\/index/);
    await settle(page);
    const estate = page.locator('.my-estate');
    expect(await estate.locator('.card-title').innerText()).toBe('和睦家园');
    expect(await estate.locator('.me-status-line').innerText()).toBe('已认证业主 · 1 套房屋');
    expect(await estate.locator('.me-unit').innerText()).toContain('1号楼1单元101');
    expect(await page.locator('.me-privacy .consent-line').innerText()).toMatch(/同意/);
    await shot(page, 'owner-normal');

    const toggle = page.locator('.large-text-switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    const normal = await px(page, '.me-status-line');
    await toggle.click();
    await page.locator('.large-text-switch[aria-checked="true"]').waitFor();
    expect(await px(page, '.me-status-line')).toBeGreaterThanOrEqual(normal * 1.25 - 0.1);
    await shot(page, 'owner-large');

    await page.reload();
    await settle(page);
    expect(await page.locator('.large-text-switch').getAttribute('aria-checked')).toBe('true');
    expect(await px(page, '.me-status-line')).toBeGreaterThanOrEqual(normal * 1.25 - 0.1);

    await journey.home(page);
    await settle(page);
    expect(await page.locator('.page-root.text-large').count()).toBeGreaterThan(0);
    await shot(page, 'home-large');

    // and off again
    await page.goto(`${journey.url}index.html#/pages/me/index`);
    await settle(page);
    await page.locator('.large-text-switch').click();
    await page.locator('.large-text-switch[aria-checked="false"]').waitFor();
    expect(await px(page, '.me-status-line')).toBeCloseTo(normal, 1);
  });

  it('signs out on H5: the session ends and the app asks to log in again', async () => {
    const page = await journey.enterAs('赵磊', PHONE);
    await page.goto(`${journey.url}index.html#/pages/me/index`);
    await settle(page);
    expect(await page.locator('.my-estate .me-status-line').innerText()).toBe('已登记为住户（不参加表决）');
    await page.locator('.sign-out').click();
    await page.waitForURL(/\/dev\/login$/);
    await page.goto(`${journey.url}index.html#/pages/home/index`);
    await page.locator('.home-error').waitFor();
    expect(await page.locator('.home-error').innerText()).toContain('请先登录');
  });
});

describe('我的房屋: answering a proposed representative', () => {
  it('a co-owner declines; the proposer can withdraw a new proposal', async () => {
    const li = await journey.enterAs('李秀英', PHONE);
    await li.locator('.unit-item').first().click();
    await li.waitForURL(/identity\/unit/);
    await settle(li);
    await li.locator('.propose-representative').first().click();
    await li.locator('.withdraw-representative').waitFor();
    await shot(li, 'proposer');

    const zhou = await journey.enterAs('周明', PHONE);
    await zhou.locator('.unit-item').first().click();
    await zhou.waitForURL(/identity\/unit/);
    await settle(zhou);
    expect(await zhou.locator('.confirm-representative').count()).toBe(1);
    await zhou.locator('.decline-representative').click();
    await zhou.locator('.proposal-card').waitFor({ state: 'detached' });
    await shot(zhou, 'declined');

    // 李秀英 proposes again and takes it back
    await li.reload();
    await settle(li);
    await li.locator('.propose-representative').first().click();
    await li.locator('.withdraw-representative').click();
    await li.locator('.proposal-card').waitFor({ state: 'detached' });
    expect(await li.locator('.propose-representative').count()).toBe(1);
  });
});
