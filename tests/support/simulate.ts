import { resolve } from 'node:path';
import simulate from 'miniprogram-simulate';

/**
 * Load and render a native mini-program component (WXML + JS + WXSS + JSON) in jsdom.
 * Native components live under src/native/<name>/; Taro pages use them through usingComponents.
 * Test files using this need the docblock `@jest-environment jsdom`.
 */
export function renderNative(componentDir: string, props: Record<string, unknown> = {}) {
  const id = simulate.load(resolve(componentDir, 'index'));
  const comp = simulate.render(id, props);
  const parent = document.createElement('parent-wrapper');
  comp.attach(parent);
  return { comp, simulate };
}
