/** Steps the voting browser journeys (paper, proxy) share. */
import type { Page } from 'playwright-core';
import { setLargeText, settle } from './a11y';
import { SHOTS_DIR, shotTo } from './journey';

/** A screenshot `<prefix>-<name>.png` and, when the page's state survives the reload, its 大字模式 twin `-large`. */
export async function shotBothSizes(page: Page, file: string, large = true): Promise<void> {
  await settle(page);
  await shotTo(SHOTS_DIR, page, file);
  if (!large) return;
  await setLargeText(page, true);
  await settle(page);
  await shotTo(SHOTS_DIR, page, `${file}-large`);
  await setLargeText(page, false);
  await settle(page);
}

/** Tap and wait for the app's call of this voting action; its JSON answer. */
export async function tapAndWait(page: Page, selector: string, action: string) {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/voting') && (r.request().postData() ?? '').includes(`"${action}"`));
  await page.locator(selector).first().click();
  return (await answered).json();
}

/** A voting action called with the page's own session (what the app would send). */
export async function callVoting(page: Page, baseUrl: string, action: string, input: unknown) {
  const res = await page.request.post(`${baseUrl}api/voting`, { data: { action, input } });
  return res.json();
}
