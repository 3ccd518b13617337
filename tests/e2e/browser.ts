import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Find a Chromium to drive: an explicit path, then Debian's package (CI and this project's machines),
 * then a browser Playwright downloaded on a developer's laptop.
 */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // playwright-core without a downloaded browser
  }
  throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    // The closed network here refuses Chromium's background traffic; these flags keep it quiet.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
