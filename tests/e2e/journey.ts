import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { ROSTER_COLUMNS } from '../../types/identity';
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
export function journeyHarness(options: { env?: Record<string, string> } = {}) {
  let gateway: RunningGateway | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(SHOTS_DIR, { recursive: true });
    [gateway, browser] = await Promise.all([startGateway(options.env), launchChromium()]);
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

/**
 * Screenshot `<dir>/<name>.png` after the H5 page transition settles; `part` narrows it to one card (pages scroll
 * inside Taro's container, so the viewport grows tall for it, keeping its width).
 */
export async function shotTo(dir: string, page: Page, name: string, part?: string) {
  await page.waitForTimeout(400);
  const path = join(dir, `${name}.png`);
  if (!part) return void (await page.screenshot({ path, fullPage: true }));
  const size = page.viewportSize();
  await page.setViewportSize({ width: size?.width ?? 414, height: 2400 });
  await page.locator(part).first().screenshot({ path });
  if (size) await page.setViewportSize(size);
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A roster as a spreadsheet, built with exceljs from the template's columns (rows without the header). */
export async function rosterXlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('业主名册');
  ws.addRow(ROSTER_COLUMNS.map((c) => c.header));
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Tap what opens the file picker and choose these bytes (the H5 build uses <input type="file">). */
export async function pickFile(page: Page, trigger: string | Locator, file: { name: string; mimeType: string; buffer: Buffer }) {
  const target = typeof trigger === 'string' ? page.locator(trigger) : trigger;
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), target.click()]);
  await chooser.setFiles(file);
}

/** The three parts of a room on 身份认证 (楼栋 / 单元 / 房号). */
export async function fillRoom(page: Page, building: string, entrance: string, room: string) {
  await page.locator('.input-building input').fill(building);
  await page.locator('.input-entrance input').fill(entrance);
  await page.locator('.input-room input').fill(room);
}
