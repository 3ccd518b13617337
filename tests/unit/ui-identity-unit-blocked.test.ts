import { apiError } from '../../types/errors';
import { UNIT_TEXT, unitBlockedView } from '../../src/lib/identity-unit';

/**
 * Found in the browser journey (tests/e2e/estate-bootstrap.e2e.test.ts): a seller opening 我的房屋 of the unit he sold
 * read "只有这套房屋的业主或社区工作人员可以查看。只有这套房屋的业主可以查看。" — the page's hint repeated the error.
 */
describe('我的房屋 when the unit cannot be shown', () => {
  it('says who may look once, then why a former owner lands here and whom to ask', () => {
    const view = unitBlockedView(apiError('UNIT_OWNERS_ONLY'), 'h5');
    expect(view.kind).toBe('forbidden');
    if (view.kind !== 'forbidden') return;
    expect(view.title).toBe('无权限');
    expect(view.message).toBe(`只有这套房屋的业主或社区工作人员可以查看。${UNIT_TEXT.forbiddenHint}`);
    expect(view.message.split('可以查看')).toHaveLength(2);
    expect(view.message).toContain('已出售');
    expect(view.message).toContain('社区居委会');
  });

  it('a lapsed login still offers to log in, a failure to retry', () => {
    expect(unitBlockedView(apiError('NOT_AUTHENTICATED'), 'h5')).toMatchObject({ kind: 'login', showLoginButton: true });
    expect(unitBlockedView(apiError('INTERNAL'), 'weapp').kind).toBe('retry');
  });
});
