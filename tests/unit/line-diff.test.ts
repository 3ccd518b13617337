import fc from 'fast-check';
import { diffLines } from '../../src/lib/line-diff';

describe('diffLines (plan version diff)', () => {
  it('marks changed, added and removed lines', () => {
    expect(diffLines('方案一\n费用 30 万\n工期 3 个月', '方案一\n费用 28 万\n工期 3 个月\n低层住户补偿')).toEqual([
      { kind: 'same', text: '方案一' },
      { kind: 'removed', text: '费用 30 万' },
      { kind: 'added', text: '费用 28 万' },
      { kind: 'same', text: '工期 3 个月' },
      { kind: 'added', text: '低层住户补偿' },
    ]);
  });

  it('rebuilds both texts from the diff, and keeps every common line when nothing changed', () => {
    const text = fc.array(fc.constantFrom('甲', '乙', '丙', '丁', ''), { maxLength: 12 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const d = diffLines(a, b);
        expect(d.filter((l) => l.kind !== 'added').map((l) => l.text).join('\n')).toBe(a);
        expect(d.filter((l) => l.kind !== 'removed').map((l) => l.text).join('\n')).toBe(b);
        if (a === b) expect(d.every((l) => l.kind === 'same')).toBe(true);
      }),
    );
  });
});
