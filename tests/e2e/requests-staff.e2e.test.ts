/**
 * The staff side of requests (issue 12, "Done when"): the grid worker 冯丽 and the property manager 钱立新 each open
 * 诉求工作台 from the workbench and find the demo estate's seeded work in it (server/seed/demo-requests.ts: one of
 * 冯丽's is overdue); community staff 吴静 opens 诉求统计, reads this month's rates per organisation and exports the
 * CSV (the file arrives with its BOM and Chinese header). Screenshots at 390 px, normal and 大字模式:
 * .tmp/e2e/requests-staff-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PHONE, setLargeText, settle } from './a11y';
import { journeyHarness, SHOTS_DIR } from './journey';

jest.setTimeout(240_000);
const journey = journeyHarness();

/** the whole page (Taro scrolls inside its own container), in a tall viewport */
async function whole(page: Page, path: string) {
  const size = page.viewportSize() ?? PHONE;
  await page.setViewportSize({ width: size.width, height: 3000 });
  await page.waitForTimeout(200);
  const root = page.locator('.taro_page:visible .page-root').first();
  const bottom = await root.evaluate((el) => Math.max(...Array.from(el.children).map((c) => c.getBoundingClientRect().bottom)));
  await page.screenshot({ path, clip: { x: 0, y: 0, width: size.width, height: Math.max(size.height, Math.ceil(bottom) + 16) } });
  await page.setViewportSize(size);
}

async function shot(page: Page, name: string, ready: string) {
  await settle(page);
  await whole(page, join(SHOTS_DIR, `requests-staff-${name}.png`));
  await setLargeText(page, true);
  await page.locator(ready).first().waitFor();
  await settle(page);
  await whole(page, join(SHOTS_DIR, `requests-staff-${name}-large.png`));
  await setLargeText(page, false);
  await page.locator(ready).first().waitFor();
  await settle(page);
}

async function openQueue(name: string): Promise<Page> {
  const page = await journey.enterAs(name, PHONE);
  await page.locator('.workbench-entry.entry-requestQueue').click();
  await page.waitForURL(/packages\/staff\/requests\/queue/);
  await page.locator('.queue-row').first().waitFor();
  await settle(page);
  return page;
}
const rowTitles = (page: Page) => page.locator('.queue-row .row-title').allInnerTexts();

describe('诉求工作台 and 诉求统计 with the demo estate', () => {
  it('the grid worker has work, one of it overdue; it opens the request', async () => {
    const page = await openQueue('冯丽');
    // no organisation picker: she sees her own queue only
    expect(await page.locator('.queue-org').count()).toBe(0);
    expect((await rowTitles(page)).sort()).toEqual(['噪音扰民', '安全隐患', '邻里纠纷'].sort());
    expect(await page.locator('.queue-row.is-overdue .queue-deadline.overdue').innerText()).toMatch(/已超时 · 答复期限 \d+月\d+日 \d\d:\d\d/);
    await shot(page, 'grid-mine', '.queue-row');
    await page.locator('.queue-tab.tab-overdue').click();
    await page.locator('.queue-row').first().waitFor();
    expect(await rowTitles(page)).toEqual(['安全隐患']);
    await page.locator('.queue-row').first().click();
    await page.waitForURL(/packages\/requests\/detail\/index\?estateId=hemu&requestId=req_/);
  });

  it('the property manager has work in his queue', async () => {
    const page = await openQueue('钱立新');
    expect((await rowTitles(page)).sort()).toEqual(['公共设施', '房屋维修'].sort());
    await shot(page, 'property-mine', '.queue-row');
  });

  it('community staff read this month per organisation, the definitions, and export the CSV', async () => {
    const page = await journey.enterAs('吴静', PHONE);
    await page.locator('.workbench-entry.entry-requestMetrics').click();
    await page.waitForURL(/packages\/staff\/requests\/metrics/);
    await page.locator('.metrics-org').first().waitFor();
    // this month is chosen; the organisations that had requests are ranked with their rates
    expect(await page.locator('.metrics-month.chosen').count()).toBe(1);
    const property = page.locator('.metrics-org.org-property');
    expect(await property.locator('.metrics-rank').innerText()).toMatch(/第 \d 名/);
    expect(await property.locator('.line-responseRate').innerText()).toMatch(/响应率\s*[\d.]+%（\d+\/\d+ 件）/);
    expect(await page.locator('.metrics-org.org-grid .line-satisfactionRate').innerText()).toMatch(/满意率/);
    expect(await page.locator('.metrics-org.org-subdistrict .metrics-rank').innerText()).toBe('当月无诉求');
    await shot(page, 'metrics', '.metrics-org');
    await page.locator('.metrics-explain .why-toggle').click();
    expect(await page.locator('.metrics-definition').count()).toBe(8);
    expect(await page.locator('.metrics-explain').innerText()).toContain('超时自动办结一律不算满意');
    await whole(page, join(SHOTS_DIR, 'requests-staff-metrics-explain.png'));

    const download = page.waitForEvent('download');
    await page.locator('.metrics-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^诉求统计-\d{4}-\d{2}\.csv$/);
    const bytes = readFileSync((await file.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = bytes.toString('utf8').slice(1).split('\r\n');
    expect(header.startsWith('排名,办理单位,诉求件数,响应率,')).toBe(true);
    expect(rows.slice(0, 5).map((r) => r.split(',')[1]).sort()).toEqual(['业委会', '居委会', '物业', '网格员', '街道'].sort());
    await page.locator('.metrics-message', { hasText: '已导出' }).waitFor();
  });
});
