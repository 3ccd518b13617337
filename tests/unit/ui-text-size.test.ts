import {
  createTextSizeStore,
  LARGE_TEXT_CLASS,
  parseTextSize,
  resolveTextSize,
  textSizeClass,
  textSizeFromWeChat,
  type TextSize,
  type TextSizePlatform,
  type WeChatFontInfo,
} from '../../src/lib/text-size';

function platform(stored: unknown, wechat?: WeChatFontInfo, opts: { failWrite?: boolean; failRead?: boolean } = {}) {
  const writes: TextSize[] = [];
  let value = stored;
  const p: TextSizePlatform = {
    read: () => {
      if (opts.failRead) throw new Error('storage unavailable');
      return value;
    },
    write: (s) => {
      if (opts.failWrite) throw new Error('quota');
      writes.push(s);
      value = s;
    },
    wechatFont: () => wechat,
  };
  return { p, writes };
}

describe('大字模式 decisions', () => {
  it('accepts only the two sizes from storage', () => {
    expect(parseTextSize('large')).toBe('large');
    expect(parseTextSize('normal')).toBe('normal');
    for (const junk of ['', 'LARGE', 1, null, undefined, { data: 'large' }]) expect(parseTextSize(junk)).toBeUndefined();
  });

  it("follows WeChat's font size from the second step above standard (iOS 375 screen: 17, 18, 19.5 …)", () => {
    expect(textSizeFromWeChat(undefined)).toBe('normal');
    expect(textSizeFromWeChat({ fontSizeSetting: 17, fontSizeScaleFactor: 1 })).toBe('normal');
    expect(textSizeFromWeChat({ fontSizeSetting: 18, fontSizeScaleFactor: 18 / 17 })).toBe('normal');
    expect(textSizeFromWeChat({ fontSizeSetting: 19.5, fontSizeScaleFactor: 19.5 / 17 })).toBe('large');
    expect(textSizeFromWeChat({ fontSizeSetting: 23.8, fontSizeScaleFactor: 1.4 })).toBe('large'); // 关怀模式
    // only the px setting reported (older clients): derived against 17 px
    expect(textSizeFromWeChat({ fontSizeSetting: 21 })).toBe('large');
    expect(textSizeFromWeChat({ fontSizeSetting: 16 })).toBe('normal');
    // nonsense values do not switch it on
    expect(textSizeFromWeChat({ fontSizeSetting: 0, fontSizeScaleFactor: 0 })).toBe('normal');
  });

  it("lets the person's own choice win over WeChat's setting", () => {
    expect(resolveTextSize('normal', { fontSizeScaleFactor: 1.4 })).toBe('normal');
    expect(resolveTextSize('large', { fontSizeScaleFactor: 1 })).toBe('large');
    expect(resolveTextSize(undefined, { fontSizeScaleFactor: 1.4 })).toBe('large');
  });

  it('maps the size to the page-root class', () => {
    expect(textSizeClass('large')).toBe(LARGE_TEXT_CLASS);
    expect(textSizeClass('normal')).toBe('');
  });
});

describe('text size store', () => {
  it('starts from WeChat when nothing is remembered, and says so', () => {
    const { p } = platform(undefined, { fontSizeScaleFactor: 1.3 });
    const store = createTextSizeStore(p);
    expect(store.get()).toBe('large');
    expect(store.automatic()).toBe(true);
  });

  it('remembers a choice and tells every subscriber; unsubscribed pages are not called', () => {
    const { p, writes } = platform(undefined);
    const store = createTextSizeStore(p);
    const seenA: TextSize[] = [];
    const seenB: TextSize[] = [];
    const offA = store.subscribe((s) => seenA.push(s));
    store.subscribe((s) => seenB.push(s));
    store.set('large');
    offA();
    store.set('normal');
    expect(writes).toEqual(['large', 'normal']);
    expect(seenA).toEqual(['large']);
    expect(seenB).toEqual(['large', 'normal']);
    expect(store.get()).toBe('normal');
    expect(store.automatic()).toBe(false);
    // a fresh start (next launch) reads the remembered choice
    expect(createTextSizeStore(p).get()).toBe('normal');
  });

  it('keeps working when storage fails', () => {
    const { p } = platform(undefined, undefined, { failRead: true, failWrite: true });
    const store = createTextSizeStore(p);
    expect(store.get()).toBe('normal');
    store.set('large');
    expect(store.get()).toBe('large');
  });

  it('keeps working when reading WeChat settings throws', () => {
    const store = createTextSizeStore({ read: () => undefined, write: () => undefined, wechatFont: () => { throw new Error('old base library'); } });
    expect(store.get()).toBe('normal');
  });
});
