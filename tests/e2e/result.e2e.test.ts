/**
 * Issue 11, the end of a vote in real Chromium against the real gateway (demo estate 和睦家园), at 390 px: the party
 * secretary closes the demo vote whose window is over (t_demo_6, seeded through the real use cases) with
 * 结束表决并计票; an owner reads on the topic page, per item, 通过/未通过 with the figures against their
 * denominators and the reason; checks the receipt; downloads the published files from the page; `npm run recount`
 * on those files prints the same result, and editing one ballot in them makes `npm run verify:ballots` fail.
 * Community staff confirm the result after the objection period (the gateway's test clock moved 8 days).
 * Screenshots (normal and 大字模式): .tmp/e2e/result-*.png.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { axeViolations, clipped, PHONE, setLargeText, settle, tapTargets } from './a11y';
import { journeyHarness, SHOTS_DIR, shotTo } from './journey';

jest.setTimeout(600_000);

const journey = journeyHarness();
const TOPIC = 't_demo_6';

/** the result card alone (the topic page scrolls inside Taro's container, so a page shot shows only its top) */
async function shot(page: Page, name: string) {
  await settle(page);
  await shotTo(SHOTS_DIR, page, `result-${name}`, '.result-card');
}

async function openTopicPage(page: Page) {
  await page.goto(`${journey.url}index.html#/pages/topic/index?estateId=hemu&topicId=${TOPIC}`);
  await page.locator('.topic-page .topic-header .topic-title').waitFor();
  await settle(page);
}

const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), join(process.cwd(), `scripts/${script}.ts`), ...args], { encoding: 'utf8', timeout: 120_000 });

describe('closing a vote and re-checking its published result', () => {
  it('organiser closes → owner sees figures and reasons → downloaded files recount the same → an edited ballot fails verification', async () => {
    // 1. the party secretary closes and counts
    const secretary = await journey.enterAs('刘红梅', PHONE);
    await openTopicPage(secretary);
    expect(await secretary.locator('.topic-page .topic-stage').innerText()).toBe('表决中');
    await secretary.locator('.result-card .close-vote').waitFor();
    await shot(secretary, '01-close');
    const closed = secretary.waitForResponse((r) => r.url().endsWith('/api/voting') && (r.request().postData() ?? '').includes('"closeVote"'));
    await secretary.locator('.result-card .close-vote').click();
    const answer = (await (await closed).json()) as { ok: boolean; data: { items: { verdict: string; reasons: string[] }[]; rootHash: string } };
    expect(answer.ok).toBe(true);
    await secretary.locator('.result-card .result-item').first().waitFor();

    // 2. an owner reads the result on the topic page
    const owner = await journey.enterAs('王建国', PHONE);
    await openTopicPage(owner);
    expect(await owner.locator('.topic-page .topic-stage').innerText()).toBe('结果公示');
    await owner.locator('.result-card .result-item').first().waitFor();
    const verdicts = await owner.locator('.result-card .result-verdict').allInnerTexts();
    expect(verdicts).toEqual(answer.data.items.map((i) => i.verdict));
    // the seed's second item (matter 8) fails on approval: the engine's reason is on the page, in Chinese
    expect(verdicts).toEqual(['通过', '未通过']);
    const reasons = await owner.locator('.result-card .result-item').nth(1).locator('.result-reason').allInnerTexts();
    expect(reasons).toEqual(answer.data.items[1]!.reasons);
    expect(reasons[0]).toMatch(/^同意(面积|人数) [\d.]+% < 3\/4/);
    const figures = await owner.locator('.result-card .result-item').first().locator('.condition-figures').allInnerTexts();
    expect(figures[0]).toMatch(/^[\d,]+\.\d\d m² \/ [\d,]+\.\d\d m²（[\d.]+%）$/);
    expect(figures[1]).toMatch(/^\d+ 人 \/ \d+ 人（[\d.]+%）$/);
    await shot(owner, '02-result');
    // the a11y checks of issue 9 on the result section (axe serious/critical, 44 px taps with roles, nothing clipped)
    const a11y: string[] = [];
    const checkA11y = async (mode: string) => {
      a11y.push(...(await axeViolations(owner)).map((v) => `[${mode}] axe ${v.rule}: ${v.nodes.join(' | ')}`));
      a11y.push(...(await tapTargets(owner)).problems.map((p) => `[${mode}] ${p}`));
      a11y.push(...(await clipped(owner)).map((p) => `[${mode}] ${p}`));
    };
    await checkA11y('normal');

    // receipt check: a made-up receipt is not in the list
    await owner.locator('.result-card .receipt-input input').fill('0000-0000-0000-0000');
    await owner.locator('.result-card .check-receipt').click();
    await owner.locator('.result-card .receipt-answer').waitFor();
    expect(await owner.locator('.result-card .receipt-answer').innerText()).toMatch(/^公示的选票清单中没有回执 0000-0000-0000-0000/);

    // 3. download the published files from the page and re-check them with the scripts
    const dir = mkdtempSync(join(tmpdir(), 'gongyi-e2e-published-'));
    try {
      await owner.locator('.result-card .open-downloads').click();
      for (const name of ['manifest', 'roster', 'ballots', 'ledger', 'result']) {
        const download = owner.waitForEvent('download');
        await owner.locator(`.result-card .download-${name}`).click();
        const d = await download;
        expect(d.suggestedFilename()).toBe(`${name}.json`);
        await d.saveAs(join(dir, `${name}.json`));
      }
      const recount = run('recount', dir);
      expect(recount.stderr).toMatch(/一致 SAME/);
      expect(recount.status).toBe(0);
      const printed = JSON.parse(recount.stdout) as { items: { passed: boolean; reasons: { text: string }[] }[] };
      expect(printed.items.map((i) => (i.passed ? '通过' : '未通过'))).toEqual(verdicts);
      expect(printed.items[1]!.reasons.map((r) => r.text)).toEqual(reasons);
      expect(run('verify-ballots', dir, answer.data.rootHash).status).toBe(0);

      // one ballot edited: verification fails, and the recount no longer matches the published result
      const ballots = JSON.parse(readFileSync(join(dir, 'ballots.json'), 'utf8')) as { ballots: { choices: Record<string, string> }[] };
      const first = ballots.ballots[0]!;
      const itemId = Object.keys(first.choices)[0]!;
      first.choices[itemId] = first.choices[itemId] === 'yes' ? 'no' : 'yes';
      writeFileSync(join(dir, 'ballots.json'), JSON.stringify(ballots, null, 2));
      const verify = run('verify-ballots', dir, answer.data.rootHash);
      expect(verify.status).toBe(1);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // 4. 大字模式
    await setLargeText(owner, true);
    await openTopicPage(owner);
    await owner.locator('.result-card .result-item').first().waitFor();
    await shot(owner, '03-result-large');
    await checkA11y('large');
    expect(a11y).toEqual([]);

    // 5. community staff confirm once the objection period (7 days by the default rules) is over by the server clock
    const staff = await journey.enterAs('吴静', PHONE);
    await openTopicPage(staff);
    await staff.locator('.result-card .result-item').first().waitFor();
    expect(await staff.locator('.result-card .endorse-result').count()).toBe(0);
    const moved = await staff.request.post(`${journey.url}dev/clock`, { data: { advanceDays: 8 } });
    expect(moved.ok()).toBe(true);
    await openTopicPage(staff);
    await staff.locator('.result-card .endorse-result').waitFor();
    const endorsed = staff.waitForResponse((r) => r.url().endsWith('/api/voting') && (r.request().postData() ?? '').includes('"endorseResult"'));
    await staff.locator('.result-card .endorse-result').click();
    expect(await (await endorsed).json()).toMatchObject({ ok: true, data: { stage: 'endorsement' } });
    await staff.locator('.result-card .result-endorsed').waitFor();
    // the page reloads the topic: its stage reads 社区确认
    await staff.locator('.topic-page .topic-stage', { hasText: '社区确认' }).waitFor();
    await shot(staff, '04-endorsed');
  });
});
