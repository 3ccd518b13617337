/**
 * Issue 10, the deliberation journey in real Chromium against the real gateway (demo estate 和睦家园), at 390 px:
 * an owner of 1号楼 proposes replacing its elevators (building scope, matter 7), the party secretary pre-reviews
 * it, owners comment and ask (a tenant's comment is marked 住户), the proposer answers and publishes plan v2, the
 * topic is announced with its notice period, and opening the vote early is refused with a clear message. Finally
 * the owner reads on the topic page, in plain Chinese, what will be voted on, by whom, under which threshold and
 * from which day. Screenshots (normal and 大字模式): .tmp/e2e/deliberation-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { thresholdText } from '../../types/matters';
import { PHONE, setLargeText, settle } from './a11y';
import { journeyHarness, SHOTS_DIR, shotTo } from './journey';

jest.setTimeout(600_000);

const journey = journeyHarness();
const TITLE = '更换1号楼电梯';
const PLAN_V1 = '更换1号楼两部电梯，选用国产品牌。费用由1号楼维修资金支出。';
const PLAN_V2 = '更换1号楼两部电梯，选用国产品牌。费用由1号楼维修资金支出，不足部分按专有部分面积分摊。施工期间安排志愿者帮助老人上下楼。';

async function shot(page: Page, name: string) {
  await settle(page);
  await page.screenshot({ path: join(SHOTS_DIR, `deliberation-${name}.png`), fullPage: true });
}

/** Tap and wait until the app has answered the call it makes. */
async function tapAndWait(page: Page, selector: string, action: string) {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/deliberation') && (r.request().postData() ?? '').includes(`"${action}"`));
  await page.locator(selector).first().click();
  return answered;
}

/** From the home page to the topic page (the row on the home page). */
async function openTopic(page: Page, title = TITLE) {
  await page.locator('.topic-item', { hasText: title }).first().click();
  await page.waitForURL(/pages\/topic\/index/);
  await page.locator('.topic-page .topic-header .topic-title').waitFor();
}

async function reloadTopic(page: Page) {
  await page.reload();
  await page.locator('.topic-page .topic-header .topic-title').waitFor();
  await settle(page);
}

describe('an owner proposal from pre-review to an announced vote', () => {
  it('proposal → pre-review → consultation → plan v2 → announcement → early opening refused', async () => {
    // 1. 王建国 (1号楼1单元101) proposes: building scope, matter 7
    const owner = await journey.enterAs('王建国', PHONE);
    await owner.locator('.all-topics').click();
    await owner.waitForURL(/pages\/topics\/index/);
    await owner.locator('.topics-page .go-propose').click();
    await owner.waitForURL(/packages\/propose/);
    await owner.locator('.propose-page .proposal-title input').fill(TITLE);
    await owner.locator('.propose-page .proposal-summary textarea').fill('1号楼两部电梯已运行二十二年，去年停梯十一次，老人上下楼困难，提议整体更换。');
    await owner.locator('.propose-page .scope-buildings').click();
    await owner.locator('.propose-page .building-1').click();
    await owner.locator('.propose-page .item-form-0 .item-title-input input').fill('更换1号楼两部电梯');
    await owner.locator('.propose-page .item-form-0 .matter-7').click();
    expect(await owner.locator('.propose-page .item-form-0 .matter-rule').innerText()).toBe(thresholdText(7));
    await owner.locator('.propose-page .item-form-0 .item-description-input textarea').fill('拆除旧梯，安装两部新电梯，预算约80万元。');
    await shot(owner, '01-propose');
    const proposed = await tapAndWait(owner, '.propose-page .submit-proposal', 'proposeTopic');
    expect(await proposed.json()).toMatchObject({ ok: true });
    await owner.waitForURL(/pages\/topic\/index/);
    await owner.locator('.topic-page .topic-header .topic-title').waitFor();
    expect(await owner.locator('.topic-page .topic-stage').innerText()).toBe('待前置审查');
    expect(await owner.locator('.topic-page .vote-sentence').innerText()).toContain('由1号楼业主表决');

    // the proposer publishes the first plan
    await owner.locator('.topic-page .move-publishPlan').click();
    await owner.locator('.topic-page .plan-text-input textarea').fill(PLAN_V1);
    await owner.locator('.topic-page .change-note-input input').fill('第一版方案');
    await (await tapAndWait(owner, '.topic-page .confirm-move', 'publishPlanVersion')).finished();
    await owner.locator('.topic-page .plan-text', { hasText: '国产品牌' }).waitFor();
    await shot(owner, '02-proposed');

    // 2. 刘红梅 (party secretary) pre-reviews it from her console
    const secretary = await journey.enterAs('刘红梅', PHONE);
    await secretary.locator('.entry-topics').click();
    await secretary.waitForURL(/packages\/organiser/);
    const proposal = secretary.locator('.organiser-page .console-prereview .console-item', { hasText: TITLE });
    await proposal.locator('.console-handle').click();
    await proposal.locator('.move-accept').click();
    await proposal.locator('.move-note-input textarea').fill('属于1号楼共有部分，同意进入协商，请提议人补充费用分摊办法。');
    await shot(secretary, '03-prereview');
    await (await tapAndWait(secretary, '.organiser-page .console-prereview .confirm-move', 'prereviewTopic')).finished();
    await secretary.locator('.organiser-page .console-consultation .console-item', { hasText: TITLE }).waitFor();

    // 3. owners comment and ask; a tenant comments too (marked 住户)
    const coOwner = await journey.enterAs('周明', PHONE);
    await openTopic(coOwner);
    await coOwner.locator('.topic-page .open-comment').click();
    await coOwner.locator('.topic-page .stance-support').click();
    await coOwner.locator('.topic-page .composer-input textarea').fill('电梯经常坏，支持尽快更换。');
    await (await tapAndWait(coOwner, '.topic-page .submit-composer', 'addComment')).finished();
    await coOwner.locator('.topic-page .comment-text', { hasText: '支持尽快更换' }).waitFor();

    const asker = await journey.enterAs('李秀英', PHONE);
    await openTopic(asker);
    await asker.locator('.topic-page .open-question').click();
    await asker.locator('.topic-page .composer-input textarea').fill('维修资金不够时，费用怎么分摊？');
    await (await tapAndWait(asker, '.topic-page .submit-composer', 'askQuestion')).finished();
    await asker.locator('.topic-page .comment-item.is-question', { hasText: '费用怎么分摊' }).locator('.awaiting-answer').waitFor();

    const tenant = await journey.enterAs('赵磊', PHONE);
    await openTopic(tenant);
    await tenant.locator('.topic-page .open-comment').click();
    await tenant.locator('.topic-page .stance-suggest').click();
    await tenant.locator('.topic-page .composer-input textarea').fill('施工期间请安排好老人出行。');
    await (await tapAndWait(tenant, '.topic-page .submit-composer', 'addComment')).finished();
    const tenantComment = tenant.locator('.topic-page .comment-item', { hasText: '安排好老人出行' });
    await tenantComment.waitFor();
    expect(await tenantComment.locator('.resident-mark').innerText()).toBe('住户');

    // 4. the proposer answers and publishes plan v2
    await reloadTopic(owner);
    const question = owner.locator('.topic-page .comment-item.is-question', { hasText: '费用怎么分摊' });
    await question.locator('.answer-question').click();
    await question.locator('.composer-input textarea').fill('不足部分按专有部分面积分摊，方案第二版已写明。');
    await (await tapAndWait(owner, '.topic-page .comment-item.is-question .submit-composer', 'answerQuestion')).finished();
    await owner.locator('.topic-page .answer-text', { hasText: '按专有部分面积分摊' }).waitFor();
    await owner.locator('.topic-page .move-publishPlan').click();
    await owner.locator('.topic-page .plan-text-input textarea').fill(PLAN_V2);
    await owner.locator('.topic-page .change-note-input input').fill('补充费用分摊办法和施工期间的帮扶安排');
    await (await tapAndWait(owner, '.topic-page .confirm-move', 'publishPlanVersion')).finished();
    await owner.locator('.topic-page .plan-version-2.chosen').waitFor();
    await owner.locator('.topic-page .toggle-diff').click();
    expect(await owner.locator('.topic-page .diff-added').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('不足部分按专有部分面积分摊')]));
    expect(await owner.locator('.topic-page .diff-removed').count()).toBeGreaterThan(0);
    await shot(owner, '04-plan-v2-diff');

    // 5. the secretary sees the summary, announces with the notice period, and may not open voting early
    await secretary.reload();
    const inConsultation = secretary.locator('.organiser-page .console-consultation .console-item', { hasText: TITLE });
    await inConsultation.waitFor();
    expect(await inConsultation.locator('.summary-owners').innerText()).toBe('业主意见：支持 1 · 反对 0 · 建议 0');
    expect(await inConsultation.locator('.summary-residents').innerText()).toBe('住户意见（不计入表决）：支持 0 · 反对 0 · 建议 1');
    expect(await inConsultation.locator('.summary-questions').innerText()).toBe('提问 1 个，其中 0 个还没回答');
    await inConsultation.locator('.console-handle').click();
    await inConsultation.locator('.move-announce').click();
    const opensOn = await inConsultation.locator('.opens-on-input input').inputValue();
    expect(opensOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await shot(secretary, '05-announce-form');
    const announcedReply = await tapAndWait(secretary, '.organiser-page .console-consultation .confirm-move', 'announceTopic');
    expect(await announcedReply.json()).toMatchObject({ ok: true });
    const announced = secretary.locator('.organiser-page .console-announced .console-item', { hasText: TITLE });
    await announced.waitFor();
    const [y, m, d] = opensOn.split('-').map(Number);
    expect(await announced.locator('.opens-line').innerText()).toBe(`${m}月${d}日起可以开启表决`);
    await announced.locator('.console-handle').click();
    await (await tapAndWait(secretary, '.organiser-page .console-announced .move-openVoting', 'openVoting')).finished();
    const refusal = announced.locator('.move-refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('公告期还没有结束');
    await shot(secretary, '06-open-voting-refused');
    await shotTo(SHOTS_DIR, secretary, 'deliberation-06b-refusal', '.organiser-page .console-announced');

    // 6. the owner reads what will be voted on, by whom, under which threshold and from which day
    await reloadTopic(owner);
    expect(await owner.locator('.topic-page .topic-stage').innerText()).toBe('已公告');
    const card = owner.locator('.topic-page .vote-card');
    const sameYear = y === new Date().getFullYear();
    expect(await card.locator('.vote-window').innerText()).toMatch(new RegExp(`^从${sameYear ? '' : `${y}年`}${m}月${d}日起投票，到.+截止$`));
    expect(await card.locator('.vote-voters').innerText()).toBe('由1号楼业主表决');
    expect(await card.locator('.item-title').first().innerText()).toContain('更换1号楼两部电梯');
    expect(await card.locator('.item-matter').first().innerText()).toBe('改建重建');
    expect(await card.locator('.item-threshold').first().innerText()).toBe(thresholdText(7));
    expect(await card.locator('.vote-notice').innerText()).toMatch(/公告期 \d+ 天/);
    await shot(owner, '07-announced-owner');
    await shotTo(SHOTS_DIR, owner, 'deliberation-07b-vote-card', '.topic-page .vote-card');
    await setLargeText(owner, true);
    await reloadTopic(owner);
    await shot(owner, '08-announced-owner-large');
    await shotTo(SHOTS_DIR, owner, 'deliberation-08b-vote-card-large', '.topic-page .vote-card');
  });

  it('an owners\' petition: co-signatures against 20 % of area and of headcount', async () => {
    const PETITION = '1号楼楼顶防水维修联名提议';
    const proposer = await journey.enterAs('孙伟', PHONE);
    await proposer.locator('.all-topics').click();
    await proposer.locator('.topics-page .go-propose').click();
    await proposer.waitForURL(/packages\/propose/);
    await proposer.locator('.propose-page .proposal-title input').fill(PETITION);
    await proposer.locator('.propose-page .proposal-summary textarea').fill('1号楼顶层多户漏水，物业迟迟不修，业主联名要求召开临时会议，动用维修资金修缮楼顶防水。');
    await proposer.locator('.propose-page .scope-buildings').click();
    await proposer.locator('.propose-page .building-1').click();
    await proposer.locator('.propose-page .item-form-0 .item-title-input input').fill('使用维修资金修缮1号楼楼顶防水');
    await proposer.locator('.propose-page .item-form-0 .matter-5').click();
    await proposer.locator('.propose-page .item-form-0 .item-description-input textarea').fill('更换楼顶防水层，预算约12万元。');
    await proposer.locator('.propose-page .petition-toggle').click();
    const proposed = await tapAndWait(proposer, '.propose-page .submit-proposal', 'proposeTopic');
    expect(await proposed.json()).toMatchObject({ ok: true });
    await proposer.waitForURL(/pages\/topic\/index/);
    await proposer.locator('.topic-page .petition-card').waitFor();

    // another owner of 1号楼 finds the petition on his home page and co-signs it
    const signer = await journey.enterAs('周明', PHONE);
    await openTopic(signer, PETITION);
    const card = signer.locator('.topic-page .petition-card');
    await card.waitFor();
    const before = await card.locator('.petition-headcount .progress-label').innerText();
    await (await tapAndWait(signer, '.topic-page .cosign', 'cosignPetition')).finished();
    await card.locator('.petition-mine').waitFor();
    expect(await card.locator('.petition-mine').innerText()).toContain('1号楼');
    const after = await card.locator('.petition-headcount .progress-label').innerText();
    expect(Number(after.split(' / ')[0])).toBe(Number(before.split(' / ')[0]) + 1);
    expect(await card.locator('.petition-area .progress-threshold-label').innerText()).toMatch(/^需达到 1\/5/);
    await shotTo(SHOTS_DIR, signer, 'deliberation-09-petition', '.topic-page .petition-card');
  });
});
