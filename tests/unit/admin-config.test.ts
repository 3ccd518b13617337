/**
 * The deployment administrator comes from configuration only (GONGYI_ADMIN_OPENIDS), and the local demo login offers
 * a configured administrator as a persona, never anyone else; GONGYI_DEMO_SEED=off switches the demo seed off.
 */
import { adminOpenids, isAdmin } from '../../server/app/admin/config';
import { adminPersonas, devLoginPage, isDevLoginOpenid } from '../../server/gateway/dev-login';
import { demoSeedEnabled } from '../../server/seed/load';

const saved = process.env.GONGYI_ADMIN_OPENIDS;
afterEach(() => {
  if (saved === undefined) delete process.env.GONGYI_ADMIN_OPENIDS;
  else process.env.GONGYI_ADMIN_OPENIDS = saved;
});

describe('GONGYI_ADMIN_OPENIDS', () => {
  it('is a comma-separated list; blanks and spaces are ignored; unset means nobody', () => {
    expect([...adminOpenids({ GONGYI_ADMIN_OPENIDS: ' a , ,b,' })]).toEqual(['a', 'b']);
    expect(adminOpenids({}).size).toBe(0);
    expect(adminOpenids({ GONGYI_ADMIN_OPENIDS: '' }).size).toBe(0);
    expect(isAdmin('a', { GONGYI_ADMIN_OPENIDS: 'a' })).toBe(true);
    expect(isAdmin('', { GONGYI_ADMIN_OPENIDS: 'a,' })).toBe(false);
  });

  it('adds the administrator persona to the local login only when configured', () => {
    delete process.env.GONGYI_ADMIN_OPENIDS;
    expect(adminPersonas()).toEqual([]);
    expect(isDevLoginOpenid('demo-admin')).toBe(false);
    expect(devLoginPage(null)).not.toContain('data-openid="demo-admin"');
    expect(isDevLoginOpenid('demo-owner')).toBe(true);

    process.env.GONGYI_ADMIN_OPENIDS = 'demo-admin';
    expect(isDevLoginOpenid('demo-admin')).toBe(true);
    expect(isDevLoginOpenid('someone-else')).toBe(false);
    const page = devLoginPage(null);
    expect(page).toContain('data-openid="demo-admin"');
    expect(page.indexOf('demo-admin')).toBeLessThan(page.indexOf('demo-owner')); // listed first
  });
});

describe('GONGYI_DEMO_SEED', () => {
  it('seeds by default and not when set to off', () => {
    expect(demoSeedEnabled({})).toBe(true);
    expect(demoSeedEnabled({ GONGYI_DEMO_SEED: 'on' })).toBe(true);
    expect(demoSeedEnabled({ GONGYI_DEMO_SEED: 'off' })).toBe(false);
    expect(demoSeedEnabled({ GONGYI_DEMO_SEED: ' OFF ' })).toBe(false);
  });
});
