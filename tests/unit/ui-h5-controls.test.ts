/**
 * @jest-environment jsdom
 */
import { installH5Controls } from '../../src/platform/h5-controls';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('H5 controls: Taro buttons are announced and keyboard-operable', () => {
  beforeAll(() => installH5Controls(document));
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('gives every taro-button-core a role and a tab stop, also ones rendered later', async () => {
    document.body.innerHTML = '<taro-button-core class="big-button">提交</taro-button-core>';
    await tick();
    const b = document.querySelector('taro-button-core')!;
    expect(b.getAttribute('role')).toBe('button');
    expect(b.getAttribute('tabindex')).toBe('0');
  });

  it('takes a disabled button out of the tab order and says it is disabled; back when enabled', async () => {
    document.body.innerHTML = '<taro-button-core disabled>提交</taro-button-core>';
    await tick();
    const b = document.querySelector('taro-button-core')!;
    expect(b.getAttribute('tabindex')).toBe('-1');
    expect(b.getAttribute('aria-disabled')).toBe('true');
    b.removeAttribute('disabled');
    await tick();
    expect(b.getAttribute('tabindex')).toBe('0');
    expect(b.hasAttribute('aria-disabled')).toBe(false);
  });

  it('clicks a focused custom role=button on Enter and Space, not a disabled one', async () => {
    document.body.innerHTML = '<div id="row" role="button" tabindex="0">1号楼</div><div id="off" role="button" aria-disabled="true">x</div>';
    const clicks: string[] = [];
    for (const id of ['row', 'off']) document.getElementById(id)!.addEventListener('click', () => clicks.push(id));
    for (const key of ['Enter', ' ', 'a']) {
      document.getElementById('row')!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    }
    document.getElementById('off')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(clicks).toEqual(['row', 'row']);
  });

  it('activates radio, tab and checkbox choices from the keyboard too (身份认证 tabs, 小区 and relation choices)', async () => {
    document.body.innerHTML = ['radio', 'tab', 'checkbox', 'note'].map((r) => `<div id="${r}" role="${r}" tabindex="0">${r}</div>`).join('');
    const clicks: string[] = [];
    for (const r of ['radio', 'tab', 'checkbox', 'note']) {
      const el = document.getElementById(r)!;
      el.addEventListener('click', () => clicks.push(r));
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    }
    expect(clicks).toEqual(['radio', 'tab', 'checkbox']);
  });
});
