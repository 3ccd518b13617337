import { join } from 'node:path';
import { journeyHarness, SHOTS_DIR as shots } from './journey';

const journey = journeyHarness();
const enterAs = journey.enterAs;

describe('estate home, as residents meet it', () => {
  it('the demo owner sees the estate, their role and unit, the Art. 9 totals and the topics in Chinese', async () => {
    const page = await enterAs('王建国');
    await page.screenshot({ path: join(shots, 'owner-home.png'), fullPage: true });
    await expect(page.locator('.estate-name').textContent()).resolves.toBe('和睦家园');
    const body = await page.locator('body').innerText();
    for (const text of ['幸福里社区居委会', '和睦家园小区党支部', '共 120 套房屋', '业主人数 113 人', '我的身份', '王*国', '我的房屋', '1号楼1单元101', '89.52 ㎡', '表决权代表']) {
      expect(body).toContain(text);
    }
    expect(await page.locator('.my-roles').innerText()).toContain('业主');
    const topics = await page.locator('.topic-item .topic-title').allTextContents();
    // live topics only: the two seeded votes first, the one in consultation and his own returned proposal; another
    // owner's proposal awaiting pre-review is not public yet, and the closed one is under 全部议题
    expect(topics).toEqual(['增设电动自行车充电棚和更换消防水泵', '外墙修缮和设置智能快递柜', '小区停车位规划调整', '小区大门加装人脸识别门禁']);
    expect(body).toContain('全部议题');
    expect(await page.locator('.topic-item').first().innerText()).toContain('表决中');
    expect(await page.locator('.topic-item').nth(2).innerText()).toContain('协商议事');
    expect(await page.locator('.open-topic-form').count()).toBe(0); // owners do not open topics
    expect(body).not.toContain('王建国'); // full names never reach the page
  });

  it('the party secretary opens a topic: field errors in Chinese first, then it appears in the list', async () => {
    const page = await enterAs('刘红梅');
    expect(await page.locator('.my-roles').innerText()).toMatch(/党支部书记/);
    const form = page.locator('.open-topic-form');
    await form.locator('input').fill('太短');
    await form.locator('textarea').fill('说明');
    await form.locator('.submit-topic').click();
    await expect(form.locator('.field-error-title').textContent()).resolves.toBe('标题至少需要 4 个字');
    await expect(form.locator('.field-error-summary').textContent()).resolves.toBe('说明至少需要 10 个字');
    await page.screenshot({ path: join(shots, 'secretary-errors.png'), fullPage: true });

    await form.locator('input').fill('南门增设快递柜');
    await form.locator('textarea').fill('南门附近快递堆放影响通行，提议在南门内侧增设智能快递柜，请大家讨论位置和费用。');
    await form.locator('.submit-topic').click();
    await page.locator('.topic-item .topic-title', { hasText: '南门增设快递柜' }).waitFor();
    await expect(page.locator('.open-topic-form .field-error').count()).resolves.toBe(0);
    await page.screenshot({ path: join(shots, 'secretary-opened.png'), fullPage: true });

    // another resident sees it after a fresh load: it was stored, not just drawn
    const owner = await enterAs('王建国');
    await owner.locator('.topic-item .topic-title', { hasText: '南门增设快递柜' }).waitFor();
    expect(await owner.locator('.topic-item').count()).toBe(5); // the 4 live seeded topics (2 votes) and the new one
  });

  it('a tenant sees the resident role, no units to vote with, and no staff actions', async () => {
    const page = await enterAs('赵磊');
    expect(await page.locator('.my-roles').innerText()).toContain('住户');
    expect(await page.locator('.my-units').innerText()).toContain('不参加表决');
    expect(await page.locator('.open-topic-form').count()).toBe(0);
  });

  it('a visitor whose session is gone is told to log in, and the button leads to the dev login', async () => {
    const page = await journey.newPage();
    // no session cookie: the app itself loads, and the API answers NOT_AUTHENTICATED
    await page.goto(`${journey.url}index.html#/pages/home/index`);
    await page.locator('.home-error').waitFor();
    expect(await page.locator('.home-error').innerText()).toContain('请先登录');
    await page.locator('.login-button').click();
    await page.waitForURL(/\/dev\/login$/);
  });
});
