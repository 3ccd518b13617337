import { lockedRows, pendingItems, REVIEW_TEXT, unlockInput } from '../../src/lib/staff-review';
import { summaryView } from '../../src/lib/staff-roster';
import type { ReviewQueueOutput } from '../../types/identity';

describe('staff wording and the reasoned unlock (issue 9 bugs)', () => {
  const queue: ReviewQueueOutput = {
    items: [
      { requestId: 'r1', method: 'certificate_review', unitLabel: '3号楼1单元702', status: 'pending', createdAt: '2026-11-23T02:00:00.000Z', applicantName: '韩*', certificateFileIds: ['f1'], rosterOwners: ['张*'], transferWarning: null },
      { requestId: 'r2', method: 'resident_claim', unitLabel: '1号楼1单元101', status: 'pending', createdAt: '2026-11-23T03:00:00.000Z', applicantName: '赵*', rosterOwners: ['王*国'], transferWarning: null },
    ],
    lockedAccounts: [{ accountKey: 'acc1', lockedUntil: '2026-11-24T02:00:00.000Z', failures: 5, lastUnitLabel: '1号楼1单元101' }],
  };

  it('does not ask staff to compare names they only see masked; a resident claim is checked with the owner, not the roster', () => {
    const [cert, resident] = pendingItems(queue);
    expect(cert.hint).not.toContain('姓名、房号和照片与名册登记的业主核对');
    expect(cert.hint).toContain('以照片为准');
    expect(resident.hint).toBe(REVIEW_TEXT.residentHint);
  });

  it('requires a reason to unlock, trimmed, as the contract does', () => {
    expect(lockedRows(queue)[0].accountKey).toBe('acc1');
    expect(unlockInput('hemu', 'acc1', ' ')).toEqual({ ok: false, message: REVIEW_TEXT.unlockReasonNeeded });
    expect(unlockInput('hemu', 'acc1', ' 已电话核实 ')).toEqual({ ok: true, input: { estateId: 'hemu', accountKey: 'acc1', reason: '已电话核实' } });
  });

  it('never shows staff the word 指纹', () => {
    const v = summaryView({
      estateId: 'hemu',
      version: 2,
      importedAt: '2026-11-23T02:00:00.000Z',
      totals: { unitCount: 1, areaCenti: 100, headcount: 1 },
      buildings: [],
      headcountRule: '',
      fingerprint: 'abcdef0123456789',
      history: [{ version: 2, importedAt: '2026-11-23T02:00:00.000Z', unitCount: 1, fingerprint: 'abcdef0123456789' }],
    } as never);
    expect(JSON.stringify(v)).not.toContain('指纹');
    expect(v.versionLine).toContain('内容编号 abcdef012345');
  });
});
