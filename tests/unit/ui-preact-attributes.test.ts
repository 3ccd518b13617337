/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { h, render } from 'preact';
import { installDashedAttributeSync, syncDashedAttributes } from '../../src/platform/preact-attributes';

/**
 * A Taro web component as its React wrapper renders it under Preact: attachProps (here: the ref) copies each
 * prop onto the element as a property after the render, so `'aria-checked' in el` is true from then on.
 */
function TaroSwitch({ on, label }: { on: boolean; label: string }) {
  return h('taro-view-core', {
    role: 'switch',
    'aria-checked': on,
    'aria-label': label,
    ref: (el: HTMLElement | null) => {
      if (el) Object.assign(el, { 'aria-checked': on, 'aria-label': label });
    },
  });
}

function toggle(root: HTMLElement) {
  render(h(TaroSwitch, { on: false, label: '大字模式' }), root);
  render(h(TaroSwitch, { on: true, label: '大字模式（已打开）' }), root);
  const el = root.querySelector('taro-view-core')!;
  return { checked: el.getAttribute('aria-checked'), label: el.getAttribute('aria-label') };
}

describe('Preact + Taro web components: aria-/data- props stay attributes', () => {
  it('without the sync, Preact updates the stray property and the attribute goes stale (the defect)', () => {
    const root = document.createElement('div');
    expect(toggle(root)).toEqual({ checked: 'false', label: '大字模式' });
  });

  it('with the sync (installed by app.ts through framework-fixes.h5.ts), the attributes follow the props', () => {
    installDashedAttributeSync();
    const root = document.createElement('div');
    expect(toggle(root)).toEqual({ checked: 'true', label: '大字模式（已打开）' });
  });

  it('syncDashedAttributes: false → "false", null removes, other props and objects are left alone', () => {
    const el = document.createElement('taro-view-core');
    el.setAttribute('data-x', 'old');
    syncDashedAttributes(el, { 'aria-expanded': false, 'data-x': null, 'aria-level': 2, title: 't', 'data-obj': { a: 1 } });
    expect(el.getAttribute('aria-expanded')).toBe('false');
    expect(el.hasAttribute('data-x')).toBe(false);
    expect(el.getAttribute('aria-level')).toBe('2');
    expect(el.hasAttribute('title')).toBe(false);
    expect(el.hasAttribute('data-obj')).toBe(false);
  });
});
