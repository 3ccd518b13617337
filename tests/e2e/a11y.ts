/**
 * Accessibility measurements in the real browser (issue 9, Deliver 6), shared by the e2e tests.
 *
 * - axe-core runs its maintained WCAG rule set on the page (a maintained rule set beats hand-written checks:
 *   contrast with alpha and stacked backgrounds, names of buttons and inputs, viewport zoom, ARIA misuse);
 *   critical and serious findings fail. Contrast is held at 4.5:1 for all text, large text included
 *   (the limit; WCAG AA would let text from 24 px / 18.7 px bold pass at 3:1).
 * - Our own measurements for what axe does not check: rendered font sizes, tap target sizes, the large-text
 *   mode's scale factor, and text that is clipped or pushes the page sideways.
 *
 * Limits come from the issue: at 390 px wide body text >= 16 px, secondary text >= 14 px, taps >= 44x44 px,
 * 大字模式 every text >= 1.25x its normal size with nothing clipped.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { TEXT_SIZE_KEY } from '../../src/lib/text-size';

export const PHONE = { width: 390, height: 844 } as const;
export const LIMITS = { bodyPx: 16, secondaryPx: 14, tapPx: 44, largeTextRatio: 1.25, contrast: 4.5 } as const;

/**
 * What marks text as "secondary" (meta lines, times, hints: >= 14 px instead of 16): the element or an ancestor
 * carries this class (agreed with [tokens] in .coord/NOTES.md; a class works the same on weapp and H5).
 */
export const SECONDARY_SELECTOR = '.text-secondary';

/**
 * The one place that knows how 大字模式 is switched on in the H5 build: the app reads this storage key at start
 * (Taro storage; on H5 Taro keeps the value as JSON in localStorage). Set it, reload, and the same page renders
 * in large text. The 1.25 the test asks for stays LIMITS.largeTextRatio (the figure, not the app's constant).
 */
export const LARGE_TEXT_STORAGE = { key: TEXT_SIZE_KEY, on: JSON.stringify({ data: 'large' }) };

export async function setLargeText(page: Page, on: boolean): Promise<void> {
  await page.evaluate(
    ([key, value, enable]) => {
      if (enable) localStorage.setItem(key as string, value as string);
      else localStorage.removeItem(key as string);
    },
    [LARGE_TEXT_STORAGE.key, LARGE_TEXT_STORAGE.on, on] as const,
  );
  await page.reload();
}

/** Wait until the current Taro page has rendered its data: no loading block, and the page transition done. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(
    () => {
      const pages = Array.from(document.querySelectorAll('.taro_page')).filter((p) => (p as HTMLElement).checkVisibility());
      const current = pages[pages.length - 1];
      return !!current && current.textContent!.trim().length > 0 && !current.querySelector('.page-loading');
    },
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(600); // the slide-in transition of Taro's H5 router
}

// ────────────────────────────── axe ──────────────────────────────

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Rules that fail whatever impact axe gives them: issue 9 requires the H5 viewport to allow zoom
 * (axe rates `user-scalable=no` only "moderate").
 */
export const ALWAYS_FAIL_RULES = ['meta-viewport'];

/** Inject axe-core and run it on the document; returns the critical and serious violations (and ALWAYS_FAIL_RULES). */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: axe.source });
  const contrast = { contrastRatio: { normal: { expected: LIMITS.contrast }, large: { expected: LIMITS.contrast } } };
  const results = await page.evaluate(async (contrastOptions) => {
    const engine = (window as unknown as { axe: typeof axe }).axe;
    const options = { resultTypes: ['violations'], checks: { 'color-contrast': { options: contrastOptions } } };
    const res: axe.AxeResults = await engine.run(document, options as axe.RunOptions);
    return res.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} :: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 220)}`),
    }));
  }, contrast);
  return results.filter((v) => v.impact === 'critical' || v.impact === 'serious' || ALWAYS_FAIL_RULES.includes(v.rule));
}

// ────────────────────────────── text ──────────────────────────────

export interface TextSample {
  /** where the text sits inside the current page (child indices), stable across a reload of the same state */
  key: string;
  text: string;
  fontPx: number;
  secondary: boolean;
  /** the element's class, for reading a report */
  cls: string;
}

/** Every visible text node (and every input's text) in the current Taro page, with its computed font size. */
export async function textSamples(page: Page): Promise<TextSample[]> {
  return page.evaluate((secondarySelector) => {
    const pages = Array.from(document.querySelectorAll('.taro_page')).filter((p) => (p as HTMLElement).checkVisibility());
    const root = (pages[pages.length - 1] as HTMLElement | undefined) ?? document.body;
    const path = (el: Element): string => {
      const parts: number[] = [];
      for (let n: Element | null = el; n && n !== root; n = n.parentElement) parts.unshift(Array.from(n.parentElement!.children).indexOf(n));
      return parts.join('.');
    };
    const visible = (el: Element) => (el as HTMLElement).checkVisibility({ checkOpacity: true, checkVisibilityCSS: true } as never);
    const out: { key: string; text: string; fontPx: number; secondary: boolean; cls: string }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      const el = node.parentElement;
      if (!text || !el || !visible(el)) continue;
      if (el.closest('script, style, noscript')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      out.push({
        key: `${path(el)}#${Array.from(el.childNodes).indexOf(node as ChildNode)}`,
        text: text.slice(0, 24),
        fontPx: parseFloat(getComputedStyle(el).fontSize),
        secondary: !!el.closest(secondarySelector),
        cls: String(el.getAttribute('class') ?? el.tagName.toLowerCase()).slice(0, 60),
      });
    }
    for (const input of Array.from(root.querySelectorAll('input, textarea'))) {
      const type = (input as HTMLInputElement).type;
      if (['hidden', 'file', 'checkbox', 'radio'].includes(type) || !visible(input)) continue;
      const r = input.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      out.push({
        key: `${path(input)}#input`,
        text: `[${input.tagName.toLowerCase()}] ${(input as HTMLInputElement).placeholder ?? ''}`.slice(0, 24),
        fontPx: parseFloat(getComputedStyle(input).fontSize),
        secondary: !!input.closest(secondarySelector),
        cls: String(input.closest('[class]')?.getAttribute('class') ?? '').slice(0, 60),
      });
    }
    return out;
  }, SECONDARY_SELECTOR);
}

const fmt = (s: TextSample) => `"${s.text}" (.${s.cls.split(/\s+/).join('.')})`;

/** Text under the limit for its kind. */
export function smallText(samples: TextSample[], scale = 1): string[] {
  return samples
    .filter((s) => s.fontPx + 0.01 < (s.secondary ? LIMITS.secondaryPx : LIMITS.bodyPx) * scale)
    .map((s) => `font ${s.fontPx.toFixed(1)}px < ${((s.secondary ? LIMITS.secondaryPx : LIMITS.bodyPx) * scale).toFixed(1)}px${s.secondary ? ' (secondary)' : ''}: ${fmt(s)}`);
}

/** Large mode against normal mode, node by node: at least 1.25x; text found only in large mode meets 1.25x the limit. */
export function notScaled(normal: TextSample[], large: TextSample[]): string[] {
  const before = new Map(normal.map((s) => [`${s.key}|${s.text}`, s]));
  const problems: string[] = [];
  const matched = large.filter((s) => before.has(`${s.key}|${s.text}`)).length;
  // the same page state renders the same nodes; if most do not match, the comparison itself broke
  if (matched < large.length / 2) problems.push(`large text: only ${matched} of ${large.length} texts found again after the reload; cannot compare sizes`);
  for (const s of large) {
    const n = before.get(`${s.key}|${s.text}`);
    if (n) {
      if (s.fontPx + 0.01 < n.fontPx * LIMITS.largeTextRatio) problems.push(`large x${(s.fontPx / n.fontPx).toFixed(2)} (${n.fontPx.toFixed(1)} -> ${s.fontPx.toFixed(1)}px): ${fmt(s)}`);
    } else {
      problems.push(...smallText([s], LIMITS.largeTextRatio).map((p) => `large-only ${p}`));
    }
  }
  return problems;
}

// ────────────────────────────── taps ──────────────────────────────

export interface TapReport {
  /** how many clickables were measured (a page with none means the detection broke) */
  count: number;
  problems: string[];
}

/**
 * Every visible clickable in the current page is at least 44x44 px and is announced as a control.
 * Clickable: native controls, ARIA widget roles, Taro's button/checkbox/switch/radio elements, and any element
 * Taro's React wrapper bound a click/tap listener to (it keeps them in `el.__events`, no attribute in the DOM).
 * Announced: a native control or an element with a widget role (a `taro-button-core` has neither, so a screen
 * reader reads it as plain text and the keyboard cannot reach it).
 */
export async function tapTargets(page: Page): Promise<TapReport> {
  return page.evaluate((min) => {
    const pages = Array.from(document.querySelectorAll('.taro_page')).filter((p) => (p as HTMLElement).checkVisibility());
    const root = (pages[pages.length - 1] as HTMLElement | undefined) ?? document.body;
    const nativeControl = 'a[href], button, select, textarea, input:not([type="hidden"])';
    const roles = '[role="button"], [role="link"], [role="checkbox"], [role="switch"], [role="radio"], [role="tab"], [role="menuitem"], [role="option"]';
    const taroControl = 'taro-button-core, taro-checkbox-core, taro-switch-core, taro-radio-core';
    const listens = (el: Element) => {
      const events = (el as unknown as { __events?: Record<string, unknown> }).__events;
      return !!events && ['click', 'tap', 'longpress'].some((e) => typeof events[e] === 'function');
    };
    const problems: string[] = [];
    let count = 0;
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (!(el.matches(`${nativeControl}, ${roles}, ${taroControl}`) || listens(el))) continue;
      if (!(el as HTMLElement).checkVisibility({ checkOpacity: true, checkVisibilityCSS: true } as never)) continue;
      // a native <button>/<input> inside a Taro element is the same target as its host: measure the host once
      const host = el.parentElement?.closest(taroControl);
      if (host) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      count++;
      const label = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 20);
      const what = `<${el.tagName.toLowerCase()} class="${(el.getAttribute('class') ?? '').slice(0, 60)}"> "${label}"`;
      if (r.width + 0.5 < min || r.height + 0.5 < min) problems.push(`tap ${r.width.toFixed(0)}x${r.height.toFixed(0)}px < ${min}x${min}: ${what}`);
      const announced = el.matches(`${nativeControl}, ${roles}`) || !!el.querySelector(nativeControl);
      if (!announced) problems.push(`clickable without a role (not a control for screen readers or the keyboard): ${what}`);
    }
    return { count, problems };
  }, LIMITS.tapPx);
}

// ────────────────────────────── clipping ──────────────────────────────

/** Text pushed out of its box or off the screen, and horizontal page scroll (the page must reflow, not clip). */
export async function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page')).filter((p) => (p as HTMLElement).checkVisibility());
    const root = (pages[pages.length - 1] as HTMLElement | undefined) ?? document.body;
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    for (const scroller of [document.scrollingElement, root]) {
      if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) problems.push(`horizontal scroll: ${scroller === root ? '.taro_page' : 'document'} ${scroller.scrollWidth} > ${scroller.clientWidth}`);
    }
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !(node.textContent ?? '').trim() || seen.has(el)) continue;
      seen.add(el);
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true } as never)) continue;
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 24);
      const cls = (el.getAttribute('class') ?? el.tagName.toLowerCase()).slice(0, 60);
      const style = getComputedStyle(el);
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) problems.push(`clipped ${el.scrollWidth} > ${el.clientWidth}px wide: "${text}" (${cls})`);
      if (el.clientHeight > 0 && style.overflowY !== 'visible' && style.overflowY !== 'auto' && style.overflowY !== 'scroll' && el.scrollHeight > el.clientHeight + 1)
        problems.push(`clipped ${el.scrollHeight} > ${el.clientHeight}px high: "${text}" (${cls})`);
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 1 || r.left < -1)) problems.push(`off screen (${r.left.toFixed(0)}..${r.right.toFixed(0)} of ${width}px): "${text}" (${cls})`);
    }
    return problems;
  });
}
