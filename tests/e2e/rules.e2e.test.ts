import type { Page } from 'playwright-core';
import { axeViolations, settle, smallText, tapTargets, textSamples } from './a11y';
import { journeyHarness, pickFile, shotTo, SHOTS_DIR } from './journey';

/** 390 px wide, like the smallest phones the product targets: N design px render as N*390/750 px. */
const PHONE = { width: 390, height: 844 };
const journey = journeyHarness();
const shot = (page: Page, name: string, part?: string) => shotTo(SHOTS_DIR, page, `rules-${name}`, part);
const fontPx = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
/** axe (critical/serious), text sizes and tap targets of what is on the page now (tests/e2e/a11y.ts) */
async function expectAccessible(page: Page) {
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
  expect(smallText(await textSamples(page))).toEqual([]);
  const taps = await tapTargets(page);
  expect(taps.count).toBeGreaterThan(0);
  expect(taps.problems).toEqual([]);
}

describe('议事规则 (rules of procedure)', () => {
  it('the committee drafts a change with the original document, previews the difference and activates version 1', async () => {
    const page = await journey.enterAs('孙伟', PHONE);
    await page.locator('.workbench .entry-rules').click();
    await page.waitForURL(/packages\/staff\/deliberation\/rules\/index/);
    const active = page.locator('.rules-active');
    await active.waitFor();
    expect(await active.innerText()).toContain('暂按默认规则执行');
    const notice = active.locator('.rule-noticeDays');
    expect(await notice.locator('.rule-value').innerText()).toBe('15 天');
    expect(await notice.innerText()).not.toContain('物业管理条例'); // the basis stays closed until asked for
    await notice.locator('.why-toggle').click();
    expect(await notice.locator('.why-body').innerText()).toContain('物业管理条例 第 14 条');
    expect(await fontPx(page, '.rule-value')).toBeGreaterThanOrEqual(16); // body text >= 32 design px at 390 px
    await shot(page, 'default');
    await expectAccessible(page);

    await page.locator('.new-draft').click();
    const form = page.locator('.rules-form');
    await form.waitFor();
    await form.locator('.days-noticeDays input').fill('20');
    await pickFile(page, form.locator('.pick-document'), { name: 'rules-2026.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 议事规则') });
    await form.locator('.rules-document-name', { hasText: 'rules-2026.pdf' }).waitFor();
    await form.locator('.change-note textarea').fill('业主大会通过：公告期改为 20 天');
    await shot(page, 'form');
    await expectAccessible(page);
    await form.locator('.save-draft').click();

    const preview = page.locator('.rules-preview');
    await preview.waitFor();
    expect(await preview.locator('.rules-preview-intro').innerText()).toContain('启用后成为第 1 版');
    expect(await preview.locator('.change-row').count()).toBe(2); // 公告期 and the original document
    expect(await preview.locator('.change-document').innerText()).toMatch(/原来：无[\s\S]*改为：rules-2026\.pdf/);
    expect(await preview.locator('.change-noticeDays').innerText()).toMatch(/原来：15 天[\s\S]*改为：20 天/);
    await shot(page, 'preview');
    await expectAccessible(page);
    await preview.locator('.confirm-activate').click();

    await page.locator('.rules-done', { hasText: '已启用第 1 版议事规则' }).waitFor();
    await active.locator('.rules-version-line', { hasText: '第 1 版' }).waitFor();
    const changed = active.locator('.rule-noticeDays');
    expect(await changed.locator('.rule-value').innerText()).toBe('20 天');
    // the disclosure opened before stays open across the reload; the basis now names the estate's own version
    if ((await changed.locator('.why-body').count()) === 0) await changed.locator('.why-toggle').click();
    expect(await changed.locator('.why-body').innerText()).toContain('本小区议事规则第 1 版（原件：rules-2026.pdf）');
    await shot(page, 'activated');
  });

  it('the property company reads the rules but is offered no way to change them', async () => {
    const page = await journey.enterAs('钱立新', PHONE);
    expect(await page.locator('.workbench .entry-rules').count()).toBe(0);
    await page.goto(`${journey.url}index.html#/packages/staff/deliberation/rules/index?estateId=hemu`);
    await page.locator('.rules-active').waitFor();
    expect(await page.locator('.rules-read-only').innerText()).toContain('物业服务企业不能修改');
    expect(await page.locator('.new-draft').count()).toBe(0);
    await shot(page, 'read-only');
  });
});
