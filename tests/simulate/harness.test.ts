/**
 * @jest-environment jsdom
 */
import { join } from 'node:path';
import { renderNative } from '../support/simulate';

// No product component is native yet (every page is Taro/React). This proves the harness that the
// first native component (e.g. a WeChat-only privacy-consent or group-card component) will use.
describe('miniprogram-simulate harness', () => {
  it('renders a native component with its properties and reacts to taps', async () => {
    const { comp, simulate } = renderNative(join(__dirname, 'fixtures', 'tap-counter'), { label: '点击' });
    const view = comp.querySelector('.counter')!;
    expect(view.dom?.textContent).toBe('点击：0');
    const changes: number[] = [];
    // triggerEvent reaches listeners on the root component (missing from the package's .d.ts)
    const root = comp as unknown as { addEventListener(name: string, fn: (e: { detail: { count: number } }) => void): void };
    root.addEventListener('change', (e) => changes.push(e.detail.count));
    view.dispatchEvent('tap');
    view.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(view.dom?.textContent).toBe('点击：2');
    expect(changes).toEqual([1, 2]);
  });
});
