import { firstLoadGate } from '../../src/lib/first-load';

describe('firstLoadGate: one load per first screen, one per later show', () => {
  it('first show before the mount (H5 + Preact): loads once, not twice', () => {
    const gate = firstLoadGate();
    expect(gate.shown()).toBe(true);
    expect(gate.mounted()).toBe(false);
  });

  it('mount before the first show: loads once', () => {
    const gate = firstLoadGate();
    expect(gate.mounted()).toBe(true);
    expect(gate.shown()).toBe(false);
  });

  it('every later show loads again (back from another page)', () => {
    for (const order of [['mounted', 'shown'], ['shown', 'mounted']] as const) {
      const gate = firstLoadGate();
      const loads = order.map((step) => gate[step]()).filter(Boolean).length;
      expect(loads).toBe(1);
      expect(gate.shown()).toBe(true);
      expect(gate.shown()).toBe(true);
      expect(gate.mounted()).toBe(false);
    }
  });

  it('a page that is never shown (rendered inside another) still loads on mount, once', () => {
    const gate = firstLoadGate();
    expect(gate.mounted()).toBe(true);
    expect(gate.mounted()).toBe(false);
  });
});
