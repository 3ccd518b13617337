/**
 * Design tokens (src/styles/tokens.css) are the one place for colours and type sizes: no colour literal
 * elsewhere in src/, every text colour >= 4.5:1 on the backgrounds it is used on, sizes readable at 390 px
 * wide (designWidth 750), 大字模式 exactly 1.25x, and the H5 viewport lets people zoom.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { contrastRatio } from '../../src/lib/contrast';
import { LARGE_TEXT_CLASS, LARGE_TEXT_SCALE } from '../../src/lib/text-size';

const root = join(__dirname, '..', '..');
const src = join(root, 'src');
const TOKENS = join(src, 'styles', 'tokens.css');
const tokensCss = readFileSync(TOKENS, 'utf8');
/** rendered px at 390 px wide for N design px */
const at390 = (designPx: number) => (designPx * 390) / 750;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(css|tsx?|html)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function block(selector: string): Record<string, string> {
  const start = tokensCss.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no ${selector} block in tokens.css`);
  const body = tokensCss.slice(start, tokensCss.indexOf('}', start));
  const out: Record<string, string> = {};
  for (const m of body.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/(--[a-z0-9-]+)\s*:\s*([^;]+);/g)) out[m[1]] = m[2].trim();
  return out;
}
const base = block('body');
const large = block(`.${LARGE_TEXT_CLASS}`);
const px = (v: string) => {
  const m = /^(\d+(?:\.\d+)?)px$/.exec(v);
  if (!m) throw new Error(`not a px value: ${v}`);
  return Number(m[1]);
};
const colour = (name: string) => {
  const v = base[name];
  if (!v || !/^#[0-9a-f]{6}$/i.test(v)) throw new Error(`${name} is not a #rrggbb token (${v})`);
  return v;
};

describe('design tokens', () => {
  const COLOUR_LITERAL = /#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(/g;

  it('keeps colour literals out of every file in src/ except tokens.css', () => {
    const offenders: string[] = [];
    for (const f of files(src)) {
      if (f === TOKENS) continue;
      const text = readFileSync(f, 'utf8');
      // native window colours in app.config.ts cannot read CSS variables: they must be token values
      if (/\.config\.ts$/.test(f)) {
        for (const m of text.match(/#[0-9a-fA-F]{6}\b/g) ?? []) {
          if (!Object.values(base).some((v) => v.toLowerCase() === m.toLowerCase())) offenders.push(`${relative(root, f)}: ${m} is not a token value`);
        }
        continue;
      }
      for (const m of text.match(COLOUR_LITERAL) ?? []) offenders.push(`${relative(root, f)}: ${m}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the scan sees a literal when there is one', () => {
    expect('.x { color: #8f959e; }'.match(COLOUR_LITERAL)).toEqual(['#8f959e']);
    expect('background: rgba(0, 0, 0, 0.5)'.match(COLOUR_LITERAL)).toEqual(['rgba(']);
  });

  it('sets font sizes only through type tokens, so 大字模式 reaches every text', () => {
    const offenders: string[] = [];
    for (const f of files(src).filter((x) => x.endsWith('.css') && x !== TOKENS)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/font-size:\s*([^;]+);/g)) {
        if (!/var\(--font-[a-z]+\)/.test(m[1]) && m[1].trim() !== 'inherit') offenders.push(`${relative(root, f)}: font-size: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('uses the secondary size only in .text-secondary, the class the browser test reads as secondary text', () => {
    const rules: string[] = [];
    for (const f of files(src).filter((x) => x.endsWith('.css') && x !== TOKENS)) {
      for (const m of readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^}]*)\}/g)) {
        if (m[2].includes('--font-secondary')) rules.push(`${relative(root, f)}: ${m[1].trim()}`);
      }
    }
    expect(rules).toEqual(['src/styles/components.css: .text-secondary']);
  });

  it('defines every variable that src/ uses', () => {
    const used = new Set<string>();
    for (const f of files(src)) for (const m of readFileSync(f, 'utf8').matchAll(/var\((--[a-z0-9-]+)/g)) used.add(m[1]);
    expect([...used].filter((v) => !(v in base)).sort()).toEqual([]);
  });

  // [text, background] pairs the components and pages use
  const TEXT_PAIRS: [string, string][] = [
    ['--color-text', '--color-surface'],
    ['--color-text', '--color-bg'],
    ['--color-text', '--color-surface-muted'],
    ['--color-text-secondary', '--color-surface'],
    ['--color-text-secondary', '--color-bg'],
    ['--color-text-secondary', '--color-surface-muted'],
    ['--color-on-primary', '--color-primary'],
    ['--color-on-primary', '--color-danger'],
    ['--color-primary', '--color-surface'],
    ['--color-primary-text', '--color-primary-bg'],
    ['--color-link', '--color-surface'],
    ['--color-link', '--color-bg'],
    ['--color-link', '--color-link-bg'],
    ['--color-danger', '--color-surface'],
    ['--color-danger', '--color-danger-bg'],
    ['--color-success', '--color-success-bg'],
    ['--color-success', '--color-surface'],
    ['--color-warning', '--color-warning-bg'],
    ['--color-warning', '--color-surface'],
    ['--color-neutral-text', '--color-neutral-bg'],
  ];
  it.each(TEXT_PAIRS)('%s on %s is at least 4.5:1', (fg, bg) => {
    expect(contrastRatio(colour(fg), colour(bg))).toBeGreaterThanOrEqual(4.5);
  });

  it('edges of inputs and buttons are at least 3:1 against the card', () => {
    expect(contrastRatio(colour('--color-control-border'), colour('--color-surface'))).toBeGreaterThanOrEqual(3);
  });

  it('the contrast function agrees with known WCAG values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#8f959e', '#ffffff')).toBeCloseTo(3.02, 2); // the old grey: too light
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('body text >= 16 px, secondary >= 14 px and taps >= 44 px at 390 px wide', () => {
    expect(at390(px(base['--font-body']))).toBeGreaterThanOrEqual(16);
    expect(at390(px(base['--font-secondary']))).toBeGreaterThanOrEqual(14);
    for (const t of ['--font-button', '--font-title', '--font-heading', '--font-display']) {
      expect(px(base[t])).toBeGreaterThanOrEqual(px(base['--font-body']));
    }
    expect(at390(px(base['--tap-min']))).toBeGreaterThanOrEqual(44);
    expect(at390(px(base['--tap-big']))).toBeGreaterThanOrEqual(44);
  });

  it('大字模式 redefines every type token at exactly 1.25x', () => {
    const fonts = Object.keys(base).filter((k) => k.startsWith('--font-'));
    expect(fonts.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(large).sort()).toEqual(fonts.sort());
    for (const k of fonts) expect(px(large[k])).toBeCloseTo(px(base[k]) * LARGE_TEXT_SCALE, 5);
    expect(LARGE_TEXT_SCALE).toBeGreaterThanOrEqual(1.25);
  });
});

describe('H5 viewport', () => {
  it('lets people zoom (no user-scalable=no, no maximum-scale below 5)', () => {
    const html = readFileSync(join(src, 'index.html'), 'utf8');
    const viewport = /<meta[^>]*name="viewport"[^>]*>|<meta[^>]*content="([^"]*)"[^>]*name="viewport"[^>]*>/.exec(html)?.[0] ?? '';
    expect(viewport).toContain('width=device-width');
    expect(viewport).not.toMatch(/user-scalable\s*=\s*(no|0)/);
    const max = /maximum-scale\s*=\s*([\d.]+)/.exec(viewport);
    if (max) expect(Number(max[1])).toBeGreaterThanOrEqual(5);
  });
});
