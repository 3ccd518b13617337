/**
 * Issue 12 (接诉即办) in real Chromium against the real gateway at 390 px: the tenant 赵磊 files a request with a photo
 * from the home page in under a minute and reads who holds it and until when; the grid worker 冯丽 (the default
 * routing table sends 安全隐患 in a public area to the 网格员) opens it, marks it contacted and handled with a result;
 * 赵磊 rates it 不满意, it reopens one level up (居委会), and the whole timeline is on his page with every step, its
 * acting role and the texts it carried. Screenshots (normal and 大字模式): .tmp/e2e/requests-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PHONE, setLargeText, settle } from './a11y';
import { journeyHarness, pickFile, SHOTS_DIR } from './journey';

jest.setTimeout(600_000);

const journey = journeyHarness();

// a 1x1 PNG
const PHOTO = { name: 'blocked-exit.png', mimeType: 'image/png', buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64') };
const DESCRIPTION = '3号楼北侧消防通道被电动车和杂物堵住了，晚上很黑，出了事跑不出去。';
const PLACE = '3号楼北侧消防通道';
const RESULT = '已联系车主挪走电动车，清理了杂物，并贴了禁止堆放的提示。';
const COMMENT = '第二天又堆上了，没有人管。';
const PHONE_NUMBER = '13912345678';

/** the whole page (Taro scrolls inside its own container: the current page element, in a tall viewport) */
async function whole(page: Page, path: string) {
  const size = page.viewportSize() ?? PHONE;
  await page.setViewportSize({ width: size.width, height: 3000 });
  await page.waitForTimeout(200);
  const root = page.locator('.taro_page:visible .page-root').first();
  // up to the last card (the root itself is at least as tall as the viewport)
  const bottom = await root.evaluate((el) => Math.max(...Array.from(el.children).map((c) => c.getBoundingClientRect().bottom)));
  await page.screenshot({ path, clip: { x: 0, y: 0, width: size.width, height: Math.max(size.height, Math.ceil(bottom) + 16) } });
  await page.setViewportSize(size);
}

/** Screenshots at 390 px; `large` also in 大字模式 (a reload: only for states that survive one). */
async function shot(page: Page, name: string, large = false) {
  await settle(page);
  await whole(page, join(SHOTS_DIR, `requests-${name}.png`));
  if (!large) return;
  await setLargeText(page, true);
  await settle(page);
  await whole(page, join(SHOTS_DIR, `requests-${name}-large.png`));
  await setLargeText(page, false);
  await settle(page);
}

/** the request read again after a step: its status chip says so */
const statusIs = (page: Page, label: string) => page.locator('.request-status', { hasText: label }).waitFor();

async function step(page: Page, action: string, fill?: (p: Page) => Promise<void>) {
  await page.locator(`.request-actions .action-${action}`).click();
  await page.locator(`.request-step-form.form-${action}`).waitFor();
  if (fill) await fill(page);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/requests') && (r.request().postData() ?? '').includes('Request'));
  await page.locator('.request-step-send').click();
  await answered;
  await page.locator('.request-step-done').waitFor();
  await settle(page);
}

describe('a request on the 接诉即办 model, end to end', () => {
  it('tenant files with a photo in under a minute → grid worker contacts and handles → 不满意 reopens at the 居委会 → whole timeline', async () => {
    // ── 赵磊 files it from the home page
    const tenant = await journey.enterAs('赵磊', PHONE);
    await tenant.locator('.requests-entry').waitFor();
    await shot(tenant, '00-home');
    const started = Date.now();
    await tenant.locator('.requests-entry .go-file-request').click();
    await tenant.waitForURL(/packages\/requests\/new/);
    await tenant.locator('.request-form').waitFor();
    await shot(tenant, '01-new');

    await tenant.locator('.request-categories .category-safety').click();
    await tenant.locator('.request-description textarea').fill(DESCRIPTION);
    // a tenant without a unit of his own starts at a public area, public by default
    expect(await tenant.locator('.request-location-kinds .location-public').getAttribute('aria-checked')).toBe('true');
    expect(await tenant.locator('.request-location-kinds .location-unit').count()).toBe(0);
    await tenant.locator('.request-place input').fill(PLACE);
    await tenant.locator('.request-phone input').fill(PHONE_NUMBER);
    await pickFile(tenant, '.request-photo-add', PHOTO);
    await tenant.locator('.request-photo-slot.photo-done').waitFor();
    await shot(tenant, '02-filled');
    await tenant.locator('.submit-request').click();
    await tenant.locator('.request-filed, .request-form .field-error, .request-form-error').first().waitFor();
    if (!(await tenant.locator('.request-filed').count())) throw new Error(`not filed: ${await tenant.locator('.request-form').innerText()}`);
    const elapsed = Date.now() - started;
    const filed = await tenant.locator('.request-filed').innerText();
    expect(filed).toContain('已交给网格员办理');
    expect(filed).toMatch(/\d+月\d+日 \d\d:\d\d 前联系你/);
    expect(filed).toMatch(/\d+月\d+日 \d\d:\d\d 前办结/);
    expect(elapsed).toBeLessThan(60_000);
    await shot(tenant, '03-filed');

    await tenant.locator('.go-request-detail').click();
    await tenant.waitForURL(/packages\/requests\/detail/);
    await tenant.locator('.request-head').waitFor();
    const detailUrl = tenant.url();
    const requestId = /requestId=([^&]+)/.exec(detailUrl)?.[1];
    expect(requestId).toBeTruthy();
    expect(await tenant.locator('.request-holder-line').innerText()).toMatch(/^网格员 · \d+月\d+日 \d\d:\d\d 前答复$/);
    // his photo, fetched when he asks for it
    await tenant.locator('.photos-request .show-request-photos').click();
    await tenant.locator('.photos-request .request-photo-full').waitFor();
    // the requester may withdraw an open request, nothing else
    expect(await tenant.locator('.request-actions .request-action').allInnerTexts()).toEqual(['撤回诉求']);
    await shot(tenant, '04-detail', true);

    // 我的诉求 lists it with its holder and deadline
    await tenant.goto(detailUrl.replace(/detail\/index\?.*/, 'index?estateId=hemu'));
    await tenant.locator('.my-request').first().waitFor();
    const listed = await tenant.locator('.my-request').first().innerText();
    expect(listed).toContain('安全隐患');
    expect(listed).toContain('已派单');
    expect(listed).toMatch(/网格员 · \d+月\d+日 \d\d:\d\d 前答复/);
    await shot(tenant, '05-mine', true);

    // ── a neighbour (王建国) finds it among the public requests and co-signs it (附议); he sees no photos and no actions
    const neighbour = await journey.enterAs('王建国', PHONE);
    await neighbour.goto(detailUrl.replace(/^.*#/, `${journey.url}index.html#`).replace(/detail\/index\?.*/, 'index?estateId=hemu'));
    await neighbour.locator('.request-tab.tab-public').click();
    await neighbour.locator('.public-request', { hasText: DESCRIPTION.slice(0, 8) }).first().click();
    await neighbour.waitForURL(/packages\/requests\/detail/);
    await neighbour.locator('.request-public-note').waitFor();
    expect(await neighbour.locator('.request-actions').count()).toBe(0);
    expect(await neighbour.locator('.show-request-photos').count()).toBe(0);
    await neighbour.locator('.cosign-button').click();
    await neighbour.locator('.request-cosign-count', { hasText: '已有 1 位住户附议' }).waitFor();
    await neighbour.locator('.uncosign-button').waitFor();
    await shot(neighbour, '05b-neighbour', true);

    // ── 冯丽 (网格员) opens it, contacts the requester, handles it
    const grid = await journey.enterAs('冯丽', PHONE);
    await grid.goto(detailUrl.replace(/^.*#/, `${journey.url}index.html#`));
    await grid.locator('.request-head').waitFor();
    expect(await grid.locator('.request-actions .request-action').allInnerTexts()).toEqual(['已联系诉求人', '办理完毕', '转交其他单位']);
    // the holder reads whom to call back; the requester's own page does not need it
    expect(await grid.locator('.request-requester-line').innerText()).toContain(PHONE_NUMBER);
    await shot(grid, '06-grid', true);
    await step(grid, 'contact', (p) => p.locator('.request-note textarea').fill('已电话联系赵先生，今天下午到现场。'));
    await statusIs(grid, '已联系');
    await grid.locator('.request-actions .action-extend').waitFor();
    expect(await grid.locator('.request-actions .request-action').allInnerTexts()).toEqual(['申请延期', '办理完毕', '转交其他单位']);
    await grid.locator('.request-actions .action-handle').click();
    await grid.locator('.request-step-send').click();
    expect(await grid.locator('.request-step-error').innerText()).toBe('请写下办理结果');
    await grid.locator('.request-result textarea').fill(RESULT);
    await shot(grid, '07-handle-form');
    const handled = grid.waitForResponse((r) => r.url().endsWith('/api/requests') && (r.request().postData() ?? '').includes('handleRequest'));
    await grid.locator('.request-step-send').click();
    await handled;
    await grid.locator('.request-step-done').waitFor();
    await statusIs(grid, '已办理待确认');
    expect(await grid.locator('.request-step-done').innerText()).toBe('办理完毕：已提交');

    // ── 赵磊 rates it 不满意: warned, it reopens one level up
    await tenant.goto(detailUrl);
    await tenant.locator('.request-head').waitFor();
    expect(await tenant.locator('.request-status').innerText()).toBe('已办理待确认');
    expect(await tenant.locator('.request-actions .request-action').allInnerTexts()).toEqual(['确认并评价']);
    await tenant.locator('.request-actions .action-rate').click();
    await tenant.locator('.request-ratings .rating-unsatisfied').click();
    await tenant.locator('.unsatisfied-warning').waitFor();
    await tenant.locator('.request-comment textarea').fill(COMMENT);
    await shot(tenant, '08-rate');
    const rated = tenant.waitForResponse((r) => r.url().endsWith('/api/requests') && (r.request().postData() ?? '').includes('rateRequest'));
    await tenant.locator('.request-step-send').click();
    await rated;
    await tenant.locator('.request-step-done').waitFor();
    await statusIs(tenant, '已重新办理');
    await settle(tenant);
    expect(await tenant.locator('.request-holder-line').innerText()).toMatch(/^居委会 · \d+月\d+日 \d\d:\d\d 前答复$/);

    // the whole timeline, every step with its acting role and text
    const steps = tenant.locator('.request-timeline .request-step');
    expect(await steps.locator('.request-step-label').allInnerTexts()).toEqual(['提交诉求', '派单', '联系诉求人', '办理完毕', '不满意，重新办理']);
    const metas = await steps.locator('.request-step-meta').allInnerTexts();
    expect(metas.map((m) => m.split(' · ')[1])).toEqual(['诉求人', '系统', '网格员', '网格员', '诉求人']);
    const all = await tenant.locator('.request-timeline').innerText();
    expect(all).toContain('交给 网格员');
    expect(all).toContain('已电话联系赵先生，今天下午到现场。');
    expect(all).toContain(RESULT);
    expect(all).toContain('评价：不满意');
    expect(all).toContain(COMMENT);
    expect(all).toContain('交给 居委会');
    await shot(tenant, '09-reopened', true);

    // the grid worker no longer holds it: nothing to offer
    await grid.reload();
    await grid.locator('.request-head').waitFor();
    expect(await grid.locator('.request-actions').count()).toBe(0);
  });
});
