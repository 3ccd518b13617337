/**
 * Issue 12 item 2 in real Chromium against the real gateway at 390 px: community staff (吴静) open 诉求分派规则 from the
 * workbench, send 噪音扰民 in a public area to the property company with a 12-hour response limit, write why and save
 * version 1 (who and when on the page); the tenant (赵磊) then files a noise request in a public area and is told
 * the property company holds it. Screenshots: .tmp/e2e/routing-*.png.
 */
import { join } from 'node:path';
import { PHONE, settle } from './a11y';
import { journeyHarness, SHOTS_DIR } from './journey';

jest.setTimeout(300_000);

const journey = journeyHarness();

describe('the routing table as versioned data, end to end', () => {
  it('staff save version 1; the next request is routed by it', async () => {
    const staff = await journey.enterAs('吴静', PHONE);
    await staff.locator('.entry-requestRouting').click();
    await staff.waitForURL(/staff\/requests\/routing/);
    await staff.locator('.routing-rules').waitFor();
    expect(await staff.locator('.routing-version-line').innerText()).toContain('第 0 版');
    expect(await staff.locator('.save-routing').isDisabled()).toBe(true);
    await staff.locator('.routing-noise-public .edit-rule').click();
    await staff.locator('.routing-noise-public .org-property').click();
    await staff.locator('.routing-noise-public .respond-hours input').fill('12');
    await staff.locator('.routing-noise-public .done-rule').click();
    expect(await staff.locator('.routing-noise-public').innerText()).toContain('物业');
    expect(await staff.locator('.routing-noise-public').innerText()).toContain('响应 12 小时');
    await staff.locator('.routing-note textarea').fill('广场舞噪音由物业先处理');
    await settle(staff);
    await staff.screenshot({ path: join(SHOTS_DIR, 'routing-01-edited.png') });
    await staff.locator('.save-routing').click();
    await staff.locator('.routing-done').waitFor();
    expect(await staff.locator('.routing-done').innerText()).toBe('已保存为第 1 版');
    await staff.locator('.routing-version-line', { hasText: '第 1 版' }).waitFor();
    expect(await staff.locator('.routing-version-line').innerText()).toMatch(/^第 1 版 · 吴\S* · \d{4}年\d+月\d+日 \d\d:\d\d · 广场舞噪音由物业先处理$/);
    await staff.screenshot({ path: join(SHOTS_DIR, 'routing-02-saved.png') });

    const tenant = await journey.enterAs('赵磊', PHONE);
    await tenant.locator('.requests-entry .go-file-request').click();
    await tenant.locator('.request-form').waitFor();
    await tenant.locator('.request-categories .category-noise').click();
    await tenant.locator('.request-description textarea').fill('2号楼楼下广场舞音响太响，晚上十点后还在放。');
    await tenant.locator('.request-place input').fill('2号楼南侧小广场');
    await tenant.locator('.submit-request').click();
    await tenant.locator('.request-filed').waitFor();
    expect(await tenant.locator('.request-filed').innerText()).toContain('已交给物业办理');
  });
});
