import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { startGateway, type RunningGateway } from './gateway-process';

export const SHOTS_DIR = join(process.cwd(), '.tmp', 'e2e');
const HOME_READY = '.estate-name, .no-estate';
export interface Viewport {
  width: number;
  height: number;
}
const DEFAULT_VIEWPORT: Viewport = { width: 414, height: 896 };

/**
 * One real gateway process and one Chromium per test file, started in beforeAll and stopped in afterAll.
 * `enterAs` is what a person does: open the URL `npm start` printed, pick a persona, land on the home page.
 */
export function journeyHarness() {
  let gateway: RunningGateway | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(SHOTS_DIR, { recursive: true });
    [gateway, browser] = await Promise.all([startGateway(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  const harness = {
    get url(): string {
      return gateway!.url;
    },
    async newPage(viewport: Viewport = DEFAULT_VIEWPORT): Promise<Page> {
      const context = await browser!.newContext({ locale: 'zh-CN', viewport });
      return context.newPage();
    },
    async enterAs(personaName: string, viewport?: Viewport): Promise<Page> {
      const page = await harness.newPage(viewport);
      await page.goto(gateway!.url);
      await page.waitForURL(/\/dev\/login$/);
      await page.getByRole('button', { name: new RegExp(personaName) }).click();
      await page.waitForURL(/#\/pages\/home\/index/);
      await page.locator(HOME_READY).first().waitFor();
      return page;
    },
    /** back to the home page the way the app does after a result (a fresh load) */
    async home(page: Page) {
      await page.goto(`${gateway!.url}index.html#/pages/home/index`);
      await page.locator(HOME_READY).first().waitFor();
    },
  };
  return harness;
}
