/**
 * Imports that keep code off the H5 first screen (issue 9, Deliver 5). Deterministic source checks, no build:
 * - @tarojs/components' React wrappers are one module that imports the definition of every component any page
 *   takes from it, so a Picker, Image, Input or Textarea imported from '@tarojs/components' anywhere in src/
 *   lands in the shared chunk the home page downloads. Pages take them from src/components/<name>.tsx (H5
 *   variants <name>.h5.tsx build the wrapper per component).
 * - The home page's entries import the small modules (messages-badge, me-route, admin-entry), not the view
 *   logic of 消息, 我的 and 管理员.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const importsFrom = (text: string, module: string): string[] =>
  [...text.matchAll(/import\s+(?!type\b)\{([^}]*)\}\s+from\s+'([^']+)'/g)]
    .filter((m) => m[2] === module)
    .flatMap((m) => m[1].split(',').map((s) => s.trim().split(/\s+as\s+/)[0]))
    .filter(Boolean);

describe('H5 first screen: imports', () => {
  const WRAPPED = ['Picker', 'Image', 'Input', 'Textarea'];
  const wrappers = new Set(WRAPPED.map((c) => `src/components/${c.toLowerCase()}.tsx`));

  it.each(WRAPPED)('%s comes from src/components, never straight from @tarojs/components', (component) => {
    const offenders = sources(SRC)
      .map((file) => relative(ROOT, file).split('\\').join('/'))
      .filter((file) => !wrappers.has(file))
      .filter((file) => importsFrom(readFileSync(join(ROOT, file), 'utf8'), '@tarojs/components').includes(component));
    expect(offenders).toEqual([]);
  });

  it('each wrapped component has an H5 variant that builds only its own custom element', () => {
    for (const [component, tag] of [['picker', 'taro-picker-core'], ['image', 'taro-image-core'], ['input', 'taro-input-core'], ['textarea', 'taro-textarea-core']]) {
      const h5 = readFileSync(join(SRC, 'components', `${component}.h5.tsx`), 'utf8');
      expect(h5).toContain(`createReactComponent('${tag}'`);
      expect(h5).toContain(`@tarojs/components/dist/components/${tag}.js`);
      expect(importsFrom(h5, '@tarojs/components')).toEqual([]);
    }
  });

  it("the home page's entries import the small modules, not the pages' view logic", () => {
    const firstScreen = ['src/pages/home/index.tsx', 'src/components/me-entry.tsx', 'src/components/messages-entry.tsx', 'src/lib/first-screen.ts'];
    for (const file of firstScreen) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const heavy of ['me-view', 'messages', 'admin', 'identity-verify']) {
        const pattern = new RegExp(`^import\\s+(?!type\\b)[^;]*from\\s+'(?:[./]*lib/|\\./)${heavy}'`, 'm');
        expect({ file, heavy, imported: pattern.test(text) }).toEqual({ file, heavy, imported: false });
      }
    }
  });
});
