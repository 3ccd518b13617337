/**
 * Issue 11 item 4, proxy voting with a written mandate, in real Chromium against the real gateway (demo estate,
 * seeded vote t_demo_5 in voting, default rules: proxies allowed, written mandate required), at 390 px:
 * 王建国 (representative of 1号楼1单元101) opens 委托他人投票 from the 投票 page, names 李国强, instructs 同意 on
 * item 1 and 由代理人决定 on item 2, uploads the signed mandate and gets the code; 新用户 (no role in the estate)
 * enters the code; the proxy cannot vote before the check; 吴静 (community staff) sees the scan and approves;
 * the proxy votes (item 1 offers only 同意) and gets a receipt; 王建国's 我的投票 shows the unit voted by proxy.
 * Screenshots (normal and 大字模式): .tmp/e2e/proxy-*.png.
 */
import type { Page } from 'playwright-core';
import { PHONE, setLargeText, settle } from './a11y';
import { journeyHarness, pickFile, SHOTS_DIR, shotTo } from './journey';
import { callVoting, shotBothSizes, tapAndWait } from './voting-steps';

jest.setTimeout(600_000);

const journey = journeyHarness();
const ESTATE = 'hemu';
const TOPIC = 't_demo_5';
const UNIT = 'hemu:1-1-101';
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');

/** normal, and (when the state survives a reload) 大字模式 */
const shot = (page: Page, name: string, large = true) => shotBothSizes(page, `proxy-${name}`, large);

const call = (page: Page, action: string, input: unknown) => callVoting(page, journey.url, action, input);

describe('a proxy votes for an owner with a checked written mandate', () => {
  it('owner mandates → proxy accepts the code → staff approve the scan → proxy votes within the instructions', async () => {
    // 1. the owner: from the 投票 page to the mandate form; the code afterwards
    const owner = await journey.enterAs('王建国', PHONE);
    await owner.goto(`${journey.url}index.html#/packages/vote/index?estateId=${ESTATE}&topicId=${TOPIC}&unitId=${encodeURIComponent(UNIT)}`);
    await owner.locator('.mandate-link-card .mandate-link').waitFor();
    await owner.locator('.mandate-link-card .mandate-link').click();
    await owner.waitForURL(/packages\/vote\/mandate/);
    await owner.locator('.mandate-start').click();
    await owner.locator('.mandate-form').waitFor();
    await owner.locator('.mandate-proxy-name input').fill('李国强');
    await owner.locator('.mandate-instructions').nth(0).locator('.instruction-yes').click();
    await owner.locator('.mandate-instructions').nth(1).locator('.instruction-proxy').click();
    // without the scan the form says what is missing
    await owner.locator('.mandate-submit').click();
    expect(await owner.locator('.mandate-form .form-error-line').innerText()).toContain('委托书');
    await pickFile(owner, '.mandate-scan-pick', { name: 'weituoshu.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await owner.locator('.mandate-scan-name').waitFor();
    // (大字模式 reloads the page, which would drop the filled form: the a11y visit mandate-owner/form covers it large)
    await settle(owner);
    await shotTo(SHOTS_DIR, owner, 'proxy-01-owner-form');
    const created = await tapAndWait(owner, '.mandate-submit', 'createMandate');
    expect(created).toMatchObject({ ok: true, data: { mandate: { status: 'awaiting', proxyName: '李*强' } } });
    const code: string = created.data.code;
    expect(await owner.locator('.mandate-code-card .mandate-code').innerText()).toBe(code);
    // the code is shown once: large text first would reload it away, so normal only here
    await settle(owner);
    await shotTo(SHOTS_DIR, owner, 'proxy-02-owner-code');

    // 2. the proxy (no role in the estate) enters the code
    const proxy = await journey.enterAs('新用户', PHONE);
    await proxy.goto(`${journey.url}index.html#/packages/vote/mandate/index`);
    await proxy.locator('.mandate-code-input input').waitFor();
    await proxy.locator('.mandate-code-input input').fill(code.toLowerCase());
    expect(await tapAndWait(proxy, '.mandate-accept-submit', 'acceptMandate')).toMatchObject({ ok: true, data: { mandate: { status: 'awaiting', unitLabel: '1号楼1单元101' } } });
    await proxy.locator('.mandate-row').first().waitFor();
    expect(await proxy.locator('.mandate-row').first().innerText()).toContain('等待社区核验');
    await shot(proxy, '03-proxy-accepted');
    // the check precedes the vote
    const early = await call(proxy, 'castProxyBallot', { estateId: ESTATE, topicId: TOPIC, unitId: UNIT, idempotencyKey: 'e2e-early-01', choices: [{ itemId: 'i1', choice: 'yes' }, { itemId: 'i2', choice: 'no' }] });
    expect(early).toMatchObject({ ok: false, error: { code: 'MANDATE_NOT_CHECKED' } });

    // 3. staff: the queue, the scan, approve
    const staff = await journey.enterAs('吴静', PHONE);
    await staff.locator('.workbench .entry-mandates').click();
    await staff.waitForURL(/staff\/voting\/mandates/);
    const card = staff.locator('.mandate-card', { hasText: '1号楼1单元101' });
    await card.waitFor();
    expect(await card.innerText()).toContain('李国强');
    await card.locator('.mandate-scan').click();
    await card.locator('.mandate-scan-image').waitFor();
    await shot(staff, '04-staff-queue');
    expect(await tapAndWait(staff, '.mandate-card:has-text("1号楼1单元101") .mandate-approve', 'reviewMandate')).toMatchObject({ ok: true, data: { mandate: { status: 'approved', checkedByLabel: '社区居委会' } } });

    // 4. the proxy votes: item 1 offers only 同意, item 2 is theirs (the ballot in 大字模式 first: switching reloads the page)
    await setLargeText(proxy, true);
    await proxy.locator('.mandate-row .mandate-vote').first().click();
    await proxy.locator('.mandate-ballot').waitFor();
    await settle(proxy);
    await shotTo(SHOTS_DIR, proxy, 'proxy-05-proxy-ballot-large');
    await setLargeText(proxy, false);
    await proxy.locator('.mandate-row .mandate-vote').first().click();
    const ballot = proxy.locator('.mandate-ballot');
    await ballot.waitFor();
    expect(await ballot.locator('.mandate-choices').nth(0).locator('.choice-pill').allInnerTexts()).toEqual(['同意']);
    expect(await ballot.locator('.mandate-choices').nth(1).locator('.choice-pill').allInnerTexts()).toEqual(['同意', '反对', '弃权']);
    await ballot.locator('.mandate-choices').nth(1).locator('.choice-abstain').click();
    await settle(proxy);
    await shotTo(SHOTS_DIR, proxy, 'proxy-05-proxy-ballot');
    const cast = await tapAndWait(proxy, '.mandate-cast', 'castProxyBallot');
    expect(cast).toMatchObject({ ok: true });
    await proxy.locator('.mandate-receipt .mandate-code').waitFor();
    expect(await proxy.locator('.mandate-receipt .mandate-code').innerText()).toBe(cast.data.receipt);
    await shot(proxy, '06-proxy-receipt');

    // 5. the owner sees the unit voted by proxy, with the receipt
    const mine = await call(owner, 'myBallots', { estateId: ESTATE });
    expect(mine.data.ballots.find((b: { topicId: string; unitId: string }) => b.topicId === TOPIC && b.unitId === UNIT)).toMatchObject({ status: 'done', channel: 'proxy', receipt: cast.data.receipt });
    await owner.reload();
    await owner.locator('.mandate-status-card').waitFor();
    expect(await owner.locator('.mandate-status-card').innerText()).toContain(cast.data.receipt);
    await shot(owner, '07-owner-voted');
  });
});
