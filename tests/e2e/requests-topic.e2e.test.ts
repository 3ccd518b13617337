/**
 * Issue 12 item 5 (the road to a vote) in real Chromium against the real gateway at 390 px: the tenant 赵磊 files a
 * public request; the party secretary 刘红梅 opens it and is offered 转为议题, a form drafted from the request
 * (议题标题 from the category and the first words, 议题说明 the description); she sends it and the page shows the
 * topic (协商议事: the party branch opens it into consultation) with its link. 赵磊 then reads 转为议题 on his timeline
 * with the topic's title, the topic's stage under it, and opening it lands on the topic page.
 * Screenshots (normal and 大字模式): .tmp/e2e/requests-topic-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PHONE, setLargeText, settle } from './a11y';
import { journeyHarness, SHOTS_DIR } from './journey';

jest.setTimeout(600_000);

const journey = journeyHarness();

const DESCRIPTION = '小区南门晚上没有路灯，老人孩子进出看不清台阶。希望业主一起商量在南门加装路灯。';
const PLACE = '小区南门';

async function shot(page: Page, name: string) {
  await settle(page);
  const size = page.viewportSize() ?? PHONE;
  await page.setViewportSize({ width: size.width, height: 3000 });
  await page.waitForTimeout(200);
  const root = page.locator('.taro_page:visible .page-root').first();
  const bottom = await root.evaluate((el) => Math.max(...Array.from(el.children).map((c) => c.getBoundingClientRect().bottom)));
  await page.screenshot({ path: join(SHOTS_DIR, `requests-topic-${name}.png`), clip: { x: 0, y: 0, width: size.width, height: Math.max(size.height, Math.ceil(bottom) + 16) } });
  await page.setViewportSize(size);
}

const openForm = async (page: Page) => {
  await page.locator('.request-actions .action-linkTopic').click();
  await page.locator('.request-step-form.form-linkTopic').waitFor();
};

describe('a request taken to a topic (转为议题)', () => {
  it('tenant files a public request → the party secretary turns it into a topic from its page → the tenant follows it to the topic', async () => {
    // ── 赵磊 files a public request (a public area is public by default)
    const tenant = await journey.enterAs('赵磊', PHONE);
    await tenant.locator('.requests-entry .go-file-request').click();
    await tenant.waitForURL(/packages\/requests\/new/);
    await tenant.locator('.request-form').waitFor();
    await tenant.locator('.request-categories .category-safety').click();
    await tenant.locator('.request-description textarea').fill(DESCRIPTION);
    await tenant.locator('.request-place input').fill(PLACE);
    await tenant.locator('.submit-request').click();
    await tenant.locator('.request-filed').waitFor();
    await tenant.locator('.go-request-detail').click();
    await tenant.waitForURL(/packages\/requests\/detail/);
    await tenant.locator('.request-head').waitFor();
    const detailUrl = tenant.url();
    // the requester is not offered 转为议题
    expect(await tenant.locator('.request-actions .request-action').allInnerTexts()).toEqual(['撤回诉求']);

    // ── 刘红梅 (党支部书记) opens it: a public view, 转为议题 offered
    const secretary = await journey.enterAs('刘红梅', PHONE);
    await secretary.goto(detailUrl.replace(/^.*#/, `${journey.url}index.html#`));
    await secretary.locator('.request-head').waitFor();
    expect(await secretary.locator('.request-actions .request-action').allInnerTexts()).toEqual(['转为议题']);
    await openForm(secretary);
    const title = await secretary.locator('.request-topic-title input').inputValue();
    expect(title).toBe('安全隐患：小区南门晚上没有路灯');
    expect(await secretary.locator('.request-topic-summary textarea').inputValue()).toBe(DESCRIPTION);
    await shot(secretary, '01-form');
    await setLargeText(secretary, true);
    await secretary.locator('.request-head').waitFor();
    await openForm(secretary);
    await shot(secretary, '01-form-large');
    await setLargeText(secretary, false);
    await secretary.locator('.request-head').waitFor();
    await openForm(secretary);

    // the form's own check, then the real send
    await secretary.locator('.request-topic-title input').fill('路灯');
    await secretary.locator('.request-step-send').click();
    expect(await secretary.locator('.request-step-error').innerText()).toBe('议题标题至少 4 个字');
    const TITLE = '南门加装路灯';
    await secretary.locator('.request-topic-title input').fill(TITLE);
    const linked = secretary.waitForResponse((r) => r.url().endsWith('/api/requests') && (r.request().postData() ?? '').includes('linkRequestToTopic'));
    await secretary.locator('.request-step-send').click();
    const answer = (await (await linked).json()) as { ok: boolean; error?: unknown };
    expect(answer).toMatchObject({ ok: true });
    await secretary.locator('.request-step-done').waitFor();
    expect(await secretary.locator('.request-step-done').innerText()).toBe('转为议题：已提交');
    await secretary.locator('.request-topic .row-title', { hasText: TITLE }).waitFor();
    expect(await secretary.locator('.request-topic .row-meta').innerText()).toBe('协商议事');
    // linked once: no longer offered
    expect(await secretary.locator('.request-actions .action-linkTopic').count()).toBe(0);
    await shot(secretary, '02-linked');

    // ── 赵磊 reads it on his timeline and follows it to the topic
    await tenant.reload();
    await tenant.locator('.request-head').waitFor();
    await settle(tenant);
    const linkedStep = tenant.locator('.request-timeline .request-step.step-linked_to_topic');
    expect(await linkedStep.locator('.request-step-label').innerText()).toBe('转为议题，交业主共同决定');
    expect(await linkedStep.locator('.request-step-text').innerText()).toBe(TITLE);
    expect(await linkedStep.locator('.request-step-meta').innerText()).toContain('党支部书记');
    expect(await tenant.locator('.request-topic .row-title').innerText()).toBe(TITLE);
    expect(await tenant.locator('.request-topic .row-meta').innerText()).toBe('协商议事');
    await shot(tenant, '03-requester');
    await tenant.locator('.request-topic-row').click();
    await tenant.waitForURL(/pages\/topic\/index\?.*topicId=/);
    await tenant.locator('.topic-page .topic-title', { hasText: TITLE }).waitFor();
    await shot(tenant, '04-topic');
  });
});
