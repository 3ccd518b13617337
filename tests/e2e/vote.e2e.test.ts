/**
 * Issue 11, owners vote online in real Chromium against the real gateway (demo estate 和睦家园, seeded vote t_demo_5
 * open now; server/seed/demo-votes.ts), at 390 px: 王建国 opens the vote from its topic page, reads and confirms the
 * frozen package, must choose every item, reviews, submits and gets a receipt; after a reload the page says 已完成
 * with the same receipt; 我的投票 lists it with his own choices; the turnout panel moved by one unit. A second
 * submission made from another tab gets the FIRST receipt (ALREADY_VOTED), and a co-owner who is not the unit's
 * representative is told who is. Screenshots (normal and 大字模式): .tmp/e2e/vote-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { thresholdText } from '../../types/matters';
import { PHONE, setLargeText, settle } from './a11y';
import { journeyHarness, SHOTS_DIR, shotTo } from './journey';

jest.setTimeout(600_000);

const journey = journeyHarness();
const TITLE = '增设电动自行车充电棚和更换消防水泵';
const RECEIPT = /^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/;

async function shot(page: Page, name: string, large = false) {
  await settle(page);
  await page.screenshot({ path: join(SHOTS_DIR, `vote-${name}.png`), fullPage: true });
  if (!large) return;
  await setLargeText(page, true);
  await settle(page);
  await page.screenshot({ path: join(SHOTS_DIR, `vote-${name}-large.png`), fullPage: true });
  await setLargeText(page, false);
  await settle(page);
}

const votePage = (estateId: string, topicId: string) => `${journey.url}index.html#/packages/vote/index?estateId=${estateId}&topicId=${topicId}`;

/** the estate line of the turnout panel: 已有 N 套房屋投票 */
async function unitsVoted(page: Page): Promise<number> {
  const text = await page.locator('.topic-page .turnout-estate .turnout-summary').innerText();
  const m = /已有 (\d+) 套房屋投票/.exec(text);
  if (!m) throw new Error(`no turnout line in: ${text}`);
  return Number(m[1]);
}

async function openTopicFromHome(page: Page) {
  await page.locator('.topic-item', { hasText: TITLE }).first().click();
  await page.waitForURL(/pages\/topic\/index/);
  await page.locator('.topic-page .turnout-estate').waitFor();
  await settle(page);
}

describe('an owner votes online on the open demo vote', () => {
  it('topic page → read → choose → review → receipt → 已完成 after reload → 我的投票; a second submission gets the first receipt', async () => {
    const owner = await journey.enterAs('王建国', PHONE);
    await openTopicFromHome(owner);
    const before = await unitsVoted(owner);
    expect(await owner.locator('.topic-page .vote-entry .vote-status-line').innerText()).toBe('你还没有投票。');
    await shot(owner, '01-topic', true);
    await shotTo(SHOTS_DIR, owner, 'vote-01-turnout', '.topic-page .turnout-panel');

    // 去投票 → the frozen package, in plain Chinese with each item's threshold
    await owner.locator('.topic-page .vote-card .go-vote').click();
    await owner.waitForURL(/packages\/vote\/index/);
    await owner.locator('.vote-page .vote-read').waitFor();
    const read = await owner.locator('.vote-page .vote-read').innerText();
    expect(read).toContain('北侧空地增设电动自行车集中充电棚');
    expect(read).toContain(thresholdText(8));
    expect(read).toContain(thresholdText(5));
    expect(await owner.locator('.vote-page .vote-unit-label').innerText()).toBe('为 1号楼1单元101 投票');
    await shot(owner, '02-read', true);
    await owner.locator('.vote-page .confirm-read').click();
    await owner.locator('.vote-page .vote-choose').waitFor();

    // a second tab of the same owner, opened before the first submits (it will submit later)
    const second = await journey.enterAs('王建国', PHONE);
    await second.goto(votePage('hemu', 't_demo_5'));
    await second.locator('.vote-page .vote-choose').waitFor(); // delivery already confirmed
    await second.locator('.vote-choice-item >> nth=0 >> .choice-no').click();
    await second.locator('.vote-choice-item >> nth=1 >> .choice-no').click();
    await second.locator('.vote-page .to-review').click();
    await second.locator('.vote-page .vote-review').waitFor();

    // every item must be chosen before the review
    await owner.locator('.vote-choice-item >> nth=0 >> .choice-yes').click();
    await owner.locator('.vote-page .to-review').click();
    expect(await owner.locator('.vote-page .vote-missing').innerText()).toBe('还有 1 项没有选，请每一项都选一个。');
    await owner.locator('.vote-choice-item >> nth=1 >> .choice-abstain').click();
    expect(await owner.locator('.vote-choice-item >> nth=1 >> .choice-abstain').getAttribute('aria-checked')).toBe('true');
    await shot(owner, '03-choose', true);
    await owner.locator('.vote-page .vote-choose').waitFor();
    await owner.locator('.vote-page .to-review').click();
    await owner.locator('.vote-page .vote-review').waitFor();
    expect((await owner.locator('.vote-page .review-choice').allInnerTexts()).map((t) => t.trim())).toEqual(['同意', '弃权']);
    await shot(owner, '04-review', true);
    // switching 大字模式 reloads the page: the choices are kept, the review is one tap away again
    await owner.locator('.vote-page .vote-choose').waitFor();
    expect(await owner.locator('.vote-choice-item >> nth=1 >> .choice-abstain').getAttribute('aria-checked')).toBe('true');
    await owner.locator('.vote-page .to-review').click();
    await owner.locator('.vote-page .vote-review').waitFor();

    const answered = owner.waitForResponse((r) => r.url().endsWith('/api/voting') && (r.request().postData() ?? '').includes('"castBallot"'));
    await owner.locator('.vote-page .submit-ballot').click();
    expect(await (await answered).json()).toMatchObject({ ok: true });
    await owner.locator('.vote-page .vote-receipt .receipt-code').waitFor();
    const receipt = (await owner.locator('.vote-page .receipt-code').getAttribute('data-receipt'))!;
    expect(receipt).toMatch(RECEIPT);
    expect(await owner.locator('.vote-page .receipt-title').innerText()).toBe('投票成功');
    await shot(owner, '05-receipt', true);

    // a reload: 已完成 with the same receipt, no tally anywhere
    await owner.reload();
    await owner.locator('.vote-page .vote-receipt').waitFor();
    expect(await owner.locator('.vote-page .vote-receipt .receipt-title').innerText()).toBe('已完成');
    expect(await owner.locator('.vote-page .receipt-code').getAttribute('data-receipt')).toBe(receipt);
    expect(await owner.locator('.vote-page').innerText()).not.toMatch(/同意\s*\d|票数|赞成率/);

    // the second tab submits other choices: the unit already voted, the first receipt stands
    const refused = second.waitForResponse((r) => r.url().endsWith('/api/voting') && (r.request().postData() ?? '').includes('"castBallot"'));
    await second.locator('.vote-page .submit-ballot').click();
    expect(await (await refused).json()).toMatchObject({ ok: false, error: { code: 'ALREADY_VOTED', params: { receipt } } });
    await second.locator('.vote-page .vote-receipt').waitFor();
    expect(await second.locator('.vote-page .receipt-code').getAttribute('data-receipt')).toBe(receipt);
    expect(await second.locator('.vote-page .vote-receipt').innerText()).toContain('刚才的提交没有改变原来的选票');
    await shot(second, '06-already-voted');

    // 我的投票: the receipt, and on request the owner's own choices
    await owner.locator('.vote-page .go-my-votes').click();
    await owner.waitForURL(/packages\/vote\/mine/);
    const row = owner.locator('.my-votes-page .my-vote', { hasText: TITLE });
    await row.waitFor();
    expect(await row.locator('.my-vote-status').innerText()).toBe('已完成');
    expect(await row.locator('.receipt-code').getAttribute('data-receipt')).toBe(receipt);
    await row.locator('.my-vote-show').click();
    await row.locator('.my-vote-choices').waitFor();
    expect((await row.locator('.my-vote-choice').allInnerTexts()).map((t) => t.trim())).toEqual(['同意', '弃权']);
    await shot(owner, '07-mine', true);

    // the turnout panel counts the unit now; the vote card says 已完成
    await journey.home(owner);
    await openTopicFromHome(owner);
    expect(await unitsVoted(owner)).toBe(before + 1);
    expect(await owner.locator('.topic-page .vote-entry .vote-status-line').innerText()).toBe('已完成：这套房屋已投票。');
    await shot(owner, '08-topic-after', true);
    await shotTo(SHOTS_DIR, owner, 'vote-08-turnout', '.topic-page .turnout-panel');
  });

  it('tells a co-owner who is not the representative who votes for the unit', async () => {
    const coOwner = await journey.enterAs('李秀英', PHONE);
    await coOwner.goto(votePage('hemu', 't_demo_5'));
    await coOwner.locator('.vote-page .vote-not-rep').waitFor();
    await coOwner.locator('.vote-page .vote-not-rep .vote-lead', { hasText: '表决权代表是' }).waitFor();
    expect(await coOwner.locator('.vote-page .vote-not-rep').innerText()).toMatch(/表决权代表是 周\*/);
    await shot(coOwner, '09-not-representative');
  });

  it('lets an owner of several units choose the unit first', async () => {
    const multi = await journey.enterAs('陈志强', PHONE);
    await multi.goto(votePage('hemu', 't_demo_5'));
    await multi.locator('.vote-page .vote-units').waitFor();
    expect(await multi.locator('.vote-page .vote-unit-choice').count()).toBe(3);
    await shot(multi, '10-pick-unit', true);
    await multi.locator('.vote-page .vote-unit-choice').first().click();
    await multi.locator('.vote-page .vote-read').waitFor();
    expect(await multi.locator('.vote-page .vote-unit-label').innerText()).toMatch(/^为 \d号楼\d单元\d+ 投票$/);
  });
});
