/**
 * Issue 11 item 3, paper ballots in real Chromium against the real gateway (demo estate, seeded vote t_demo_5 in
 * voting, default rules: online with paper on request), at 390 px: 周明 (representative of 1号楼2单元302) asks for
 * paper on the 投票 page; staff A 吴静 (community staff) marks it delivered, enters the returned paper ballot with a
 * scan, and cannot approve her own entry; staff B 孙伟 (committee member) sees the scan beside the entered choices
 * and approves it; the turnout moves by one unit and 周明's 我的投票 shows the receipt.
 * Screenshots (normal and 大字模式): .tmp/e2e/paper-*.png.
 */
import type { Page } from 'playwright-core';
import { PHONE, setLargeText, settle } from './a11y';
import { journeyHarness, pickFile, SHOTS_DIR, shotTo } from './journey';
import { callVoting, shotBothSizes, tapAndWait } from './voting-steps';

jest.setTimeout(600_000);

const journey = journeyHarness();
const ESTATE = 'hemu';
const TOPIC = 't_demo_5';
const UNIT = 'hemu:1-2-302';

/** normal, and (when the state survives a reload) 大字模式 */
const shot = (page: Page, name: string, large = true) => shotBothSizes(page, `paper-${name}`, large);

const call = (page: Page, action: string, input: unknown) => callVoting(page, journey.url, action, input);

async function openPaperPage(page: Page) {
  await page.locator('.workbench .entry-paper').click();
  await page.waitForURL(/staff\/voting\/paper/);
  await page.locator('.paper-page .paper-tabs').waitFor();
  await settle(page);
}

describe('a paper ballot needs two staff members to count', () => {
  it('owner asks for paper → staff A delivers and enters it with a scan → staff A cannot approve → staff B approves → turnout moves', async () => {
    // 1. 周明 asks for paper on the 投票 page: online voting closes for his unit
    const owner = await journey.enterAs('周明', PHONE);
    await owner.goto(`${journey.url}index.html#/packages/vote/index?estateId=${ESTATE}&topicId=${TOPIC}&unitId=${encodeURIComponent(UNIT)}`);
    await owner.locator('.paper-request-card .paper-request').waitFor();
    await shot(owner, '01-owner-offer');
    await owner.locator('.paper-request-card .paper-request').click();
    expect(await owner.locator('.paper-confirm-text').innerText()).toContain('不能在线投票');
    const asked = await tapAndWait(owner, '.paper-confirm-request', 'requestPaperBallot');
    expect(asked).toMatchObject({ ok: true, data: { state: 'requested', canWithdraw: true } });
    await owner.locator('.paper-request-card .paper-withdraw').waitFor();
    expect(await owner.locator('.paper-request-card .paper-request-line').first().innerText()).toContain('在线投票已关闭');
    // regression (seen on this screenshot): the page still offered 我已阅读，开始投票, which castBallot then refuses
    await owner.locator('.vote-page .confirm-read').waitFor({ state: 'detached' });
    await shot(owner, '02-owner-requested');

    // 2. staff A (吴静) sees the request, marks it delivered, and enters the returned ballot with a scan
    const staffA = await journey.enterAs('吴静', PHONE);
    const before = await call(staffA, 'turnout', { estateId: ESTATE, topicId: TOPIC });
    expect(before.ok).toBe(true);
    await openPaperPage(staffA);
    const request = staffA.locator('.paper-request', { hasText: '1号楼2单元302' });
    await request.waitFor();
    await shot(staffA, '03-requests');
    expect(await tapAndWait(staffA, '.paper-request:has-text("1号楼2单元302") .mark-delivered', 'markPaperDelivered')).toMatchObject({ ok: true });
    await staffA.locator('.paper-request:has-text("1号楼2单元302") .mark-delivered').waitFor({ state: 'detached' });
    // the owner can no longer withdraw
    expect(await call(owner, 'withdrawPaperRequest', { estateId: ESTATE, topicId: TOPIC, unitId: UNIT })).toMatchObject({ ok: false, error: { code: 'PAPER_ALREADY_DELIVERED' } });

    await request.locator('.enter-for').click();
    const form = staffA.locator('.paper-entry');
    await form.waitFor();
    expect(await form.locator('.unit-building input').inputValue()).toBe('1');
    expect(await form.locator('.unit-room input').inputValue()).toBe('302');
    // nothing chosen: the form names what is missing
    await form.locator('.entry-next').click();
    expect(await form.locator('.field-error').count()).toBeGreaterThanOrEqual(2);
    await form.locator('.paper-item').nth(0).locator('.choice-yes').click();
    await form.locator('.paper-item').nth(1).locator('.choice-no').click();
    const scanImage = await staffA.screenshot({ clip: { x: 0, y: 0, width: 300, height: 200 } }); // any real PNG will do as the "scan"
    await pickFile(staffA, '.pick-scan', { name: 'ballot-302.png', mimeType: 'image/png', buffer: scanImage });
    await form.locator('.paper-scan-name', { hasText: 'ballot-302.png' }).waitFor();
    await shot(staffA, '04-entry-form', false);
    await form.locator('.entry-next').click();
    const confirm = staffA.locator('.paper-confirm');
    await confirm.waitFor();
    expect(await confirm.locator('.confirm-line').allInnerTexts()).toEqual(expect.arrayContaining(['房屋：1号楼2单元302', '扫描件：ballot-302.png']));
    await shot(staffA, '05-entry-confirm', false);
    const entered = await tapAndWait(staffA, '.confirm-entry', 'enterPaperBallot');
    expect(entered).toMatchObject({ ok: true, data: { state: 'pending' } });

    // staff A cannot approve her own entry: no buttons, the reason shown (and the server refuses anyway)
    const ownRow = staffA.locator('.paper-entry-row', { hasText: '1号楼2单元302' });
    await ownRow.waitFor();
    expect(await ownRow.locator('.own-entry-hint').innerText()).toContain('另一位工作人员');
    expect(await ownRow.locator('.approve').count()).toBe(0);
    expect(await call(staffA, 'reviewPaperEntry', { estateId: ESTATE, entryId: entered.data.entryId, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'PAPER_OWN_ENTRY' } });
    await shot(staffA, '06-own-entry', false);
    // 大字模式 (a reload: the page opens on its first tab again) of the review queue and the entry form
    await setLargeText(staffA, true);
    await staffA.locator('.paper-page .paper-tabs').waitFor();
    await staffA.locator('.paper-tab.tab-review').click();
    await staffA.locator('.paper-entry-row .own-entry-hint').waitFor();
    await shotTo(SHOTS_DIR, staffA, 'paper-06-own-entry-large');
    await staffA.locator('.paper-tab.tab-entry').click();
    await staffA.locator('.paper-entry .entry-next').waitFor();
    await shotTo(SHOTS_DIR, staffA, 'paper-04-entry-form-large');
    await setLargeText(staffA, false);

    // 3. staff B (孙伟) reviews: the scan beside the entered choices, then 通过
    const staffB = await journey.enterAs('孙伟', PHONE);
    await openPaperPage(staffB);
    await staffB.locator('.paper-tab.tab-review').click();
    const row = staffB.locator('.paper-entry-row', { hasText: '1号楼2单元302' });
    await row.waitFor();
    expect(await row.locator('.entered-choice').allInnerTexts()).toEqual([expect.stringMatching(/^1\. .+：同意$/), expect.stringMatching(/^2\. .+：反对$/)]);
    await row.locator('.show-scan').click();
    await row.locator('.paper-scan img, img.paper-scan').first().waitFor();
    await shot(staffB, '07-review', false);
    await row.locator('.approve').click();
    expect(await tapAndWait(staffB, '.paper-entry-row .confirm-approve', 'reviewPaperEntry')).toMatchObject({ ok: true, data: { state: 'approved' } });
    await staffB.locator('.paper-entry-row', { hasText: '1号楼2单元302' }).waitFor({ state: 'detached' });
    await shot(staffB, '08-reviewed', false);

    // the turnout moved by this unit; the owner sees 已完成 with a receipt
    const after = await call(staffB, 'turnout', { estateId: ESTATE, topicId: TOPIC });
    expect(after.data.estate.units).toBe(before.data.estate.units + 1);
    expect(after.data.estate.areaCenti).toBeGreaterThan(before.data.estate.areaCenti);
    const mine = await call(owner, 'myBallots', { estateId: ESTATE });
    const mineRow = mine.data.ballots.find((b: { topicId: string; unitId: string }) => b.topicId === TOPIC && b.unitId === UNIT);
    expect(mineRow).toMatchObject({ status: 'done', receipt: expect.stringMatching(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/) });
    const own = await call(owner, 'myBallot', { estateId: ESTATE, topicId: TOPIC, unitId: UNIT });
    expect(own).toMatchObject({ ok: true, data: { receipt: mineRow.receipt } });
    expect(own.data.choices.map((c: { choice: string }) => c.choice)).toEqual(['yes', 'no']);
    // the property company sees none of this
    const property = await journey.enterAs('钱立新', PHONE);
    expect(await call(property, 'listPaperEntries', { estateId: ESTATE, topicId: TOPIC, state: 'approved' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
