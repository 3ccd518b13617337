/**
 * Issue 12: community staff (吴静) close requests that are not for the estate's organisations to solve, from 诉求详情
 * in real Chromium at 390 px: 赵磊 files the same problem twice; 吴静 marks the second as a duplicate of the first
 * (chosen among the estate's public requests, after confirming) and refers the first out to 区供电公司. 赵磊 reads
 * both endings. Screenshots: .tmp/e2e/requests-close-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PHONE, settle } from './a11y';
import { journeyHarness, SHOTS_DIR } from './journey';

jest.setTimeout(600_000);

const journey = journeyHarness();

async function file(page: Page, description: string): Promise<string> {
  await journey.home(page);
  await page.locator('.requests-entry .go-file-request').click();
  await page.waitForURL(/packages\/requests\/new/);
  await page.locator('.request-form').waitFor();
  await page.locator('.request-categories .category-safety').click();
  await page.locator('.request-description textarea').fill(description);
  await page.locator('.request-place input').fill('5号楼东侧');
  await page.locator('.submit-request').click();
  await page.locator('.request-filed').waitFor();
  await page.locator('.go-request-detail').click();
  await page.waitForURL(/packages\/requests\/detail/);
  await page.locator('.request-head').waitFor();
  return page.url();
}

async function send(page: Page, action: string) {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/requests') && (r.request().postData() ?? '').includes(action));
  await page.locator('.request-step-send').click();
  await answered;
  await page.locator('.request-step-done').waitFor();
  await settle(page);
}

describe('community staff close a request as a duplicate or refer it out', () => {
  it('标记为重复 (chosen, confirmed) and 转交其他单位 (named, confirmed); the requester reads both endings', async () => {
    const tenant = await journey.enterAs('赵磊', PHONE);
    const first = await file(tenant, '5号楼东侧的路灯杆歪了，电线露在外面，下雨天很危险。');
    const second = await file(tenant, '5号楼东边路灯电线露出来了，担心有人触电。');
    const firstId = /requestId=([^&]+)/.exec(first)![1];
    const at = (url: string) => url.replace(/^.*#/, `${journey.url}index.html#`);

    const staff = await journey.enterAs('吴静', PHONE);
    await staff.goto(at(second));
    await staff.locator('.request-head').waitFor();
    const offered = await staff.locator('.request-actions .request-action').allInnerTexts();
    expect(offered).toEqual(expect.arrayContaining(['标记为重复', '转交其他单位']));
    await staff.locator('.request-actions .action-duplicate').click();
    await staff.locator('.request-duplicate-choice').first().waitFor();
    await staff.locator('.request-step-send').click();
    expect(await staff.locator('.request-step-error').innerText()).toBe('请选择重复的那件诉求');
    await staff.locator('.request-duplicate-choice', { hasText: '路灯杆歪了' }).click();
    await staff.locator('.request-step-send').click();
    expect(await staff.locator('.request-step-error').innerText()).toBe('请先勾选确认');
    await staff.locator('.request-confirm-end').click();
    await settle(staff);
    await staff.screenshot({ path: join(SHOTS_DIR, 'requests-close-01-duplicate-form.png'), fullPage: true });
    await send(staff, 'markDuplicate');
    await staff.locator('.request-status', { hasText: '重复诉求' }).waitFor();
    expect(await staff.locator('.request-actions').count()).toBe(0);

    await staff.goto(at(first));
    await staff.locator('.request-head').waitFor();
    await staff.locator('.request-actions .action-refer').click();
    await staff.locator('.request-referred-to input').fill('区供电公司');
    await staff.locator('.request-confirm-end').click();
    await settle(staff);
    await staff.screenshot({ path: join(SHOTS_DIR, 'requests-close-02-refer-form.png'), fullPage: true });
    await send(staff, 'referOut');
    await staff.locator('.request-status', { hasText: '非本单位事项' }).waitFor();

    await tenant.goto(second);
    await tenant.locator('.request-head').waitFor();
    expect(await tenant.locator('.request-ending').innerText()).toBe('与另一件诉求重复，合并办理');
    await tenant.locator('.open-duplicate').click();
    await tenant.waitForURL(new RegExp(`requestId=${firstId}`));
    await tenant.locator('.taro_page:visible .request-ending', { hasText: '已转交：区供电公司' }).waitFor();
    expect(await tenant.locator('.taro_page:visible .request-timeline').innerText()).toContain('转交其他单位');
  });
});
