import type { RosterReviewOutput } from '../../types/identity';
import { canSettleRosterReview, ROSTER_REVIEW_GUIDE, ROSTER_REVIEW_TEXT, rosterReviewView, settleInput } from '../../src/lib/staff-roster-review';

const out: RosterReviewOutput = {
  items: [
    {
      itemId: 'hemu:2:1-1-101',
      version: 2,
      unitId: 'hemu:1-1-101',
      unitLabel: '1号楼1单元101',
      reason: 'owners_changed',
      status: 'open',
      accounts: [{ memberKey: 'a1', displayName: '王*国', method: 'roster_match', isRepresentative: true, settled: null }],
      createdAt: '2026-11-23T02:00:00.000Z',
    },
    {
      itemId: 'hemu:2:3-1-702',
      version: 2,
      unitId: 'hemu:3-1-702',
      unitLabel: '3号楼1单元702',
      reason: 'certificate_not_in_roster',
      status: 'settled',
      accounts: [{ memberKey: 'a2', displayName: '韩*', method: 'certificate_review', isRepresentative: true, settled: 'keep' }],
      createdAt: '2026-11-23T02:00:00.000Z',
    },
  ],
};

describe('roster review (名册复核) view', () => {
  it('words each unit, why it is listed and each affected account', () => {
    const v = rosterReviewView(out);
    expect(v.summary).toBe('1 套房屋待复核');
    expect(v.items[0]).toEqual({
      itemId: 'hemu:2:1-1-101',
      title: '1号楼1单元101 · 第 2 版名册',
      reasonLine: '名册中的业主已变更',
      guide: ROSTER_REVIEW_GUIDE.owners_changed,
      open: true,
      accounts: [{ memberKey: 'a1', line: '王*国 · 名册比对 · 表决权代表', settledText: null }],
    });
    expect(v.items[1]).toMatchObject({ open: false, reasonLine: '已凭产权证认证新业主，但新版名册仍登记原业主', accounts: [{ settledText: '已保留' }] });
    expect(rosterReviewView({ items: [] }).summary).toBe('没有需要复核的房屋');
  });

  /**
   * Found on the 390×844 screenshot of the browser journey (tests/e2e/estate-bootstrap.e2e.test.ts): the section said
   * "新版名册改变了下列房屋的业主" above a unit whose roster did NOT change (a certificate the roster does not show
   * yet), and nothing said what 保留 / 解除关联 would do to the buyer and to the seller.
   */
  it('tells staff, per unit, what 保留 and 解除关联 mean for it', () => {
    expect(ROSTER_REVIEW_TEXT.intro).not.toContain('改变了下列房屋的业主');
    const sale = rosterReviewView(out).items[1];
    expect(sale.guide).toContain('保留');
    expect(sale.guide).toContain('解除关联');
    expect(sale.guide).toMatch(/原业主[^。；]*重新认证/); // unlinking the certificate holder lets the roster owner verify again
    for (const g of Object.values(ROSTER_REVIEW_GUIDE)) expect([g.includes('“保留”'), g.includes('“解除关联”')]).toEqual([true, true]);
  });

  it('needs a reason for every decision', () => {
    expect(settleInput('hemu', 'i', 'a1', 'unlink', ' ')).toEqual({ ok: false, message: '请填写理由（至少 2 个字）' });
    expect(settleInput('hemu', 'i', 'a1', 'unlink', ' 房屋已出售 ')).toEqual({ ok: true, input: { estateId: 'hemu', itemId: 'i', memberKey: 'a1', decision: 'unlink', reason: '房屋已出售' } });
  });

  it('shows the section to the staff who manage members only', () => {
    expect(canSettleRosterReview(['community_staff'])).toBe(true);
    expect(canSettleRosterReview(['committee_member'])).toBe(false);
  });
});
