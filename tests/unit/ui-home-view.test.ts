import type { TopicSummary } from '../../types/deliberation';
import type { MeOutput } from '../../types/identity';
import {
  addressLine,
  errorView,
  estatePicker,
  excerpt,
  HOME_TEXT,
  homeSections,
  pickedEstateId,
  prependTopic,
  roleChips,
  topicRow,
  totalsLine,
  totalsParts,
  unitRows,
  type Current,
} from '../../src/lib/home-view';

const estate: Current['estate'] = {
  estateId: 'e1',
  name: '锦绣花园',
  district: '浦东新区',
  address: '锦绣路 100 弄',
  communityName: '锦绣居委会',
  partyBranchName: '中共锦绣花园小区支部委员会',
  buildingCount: 12,
  totals: { unitCount: 480, areaCenti: 4_321_050, headcount: 452 },
};

function current(overrides: Partial<Current> = {}): Current {
  return { estate, displayName: '王*明', roles: ['owner'], units: [], formerUnits: [], ...overrides };
}

const topic = (id: string, overrides: Partial<TopicSummary> = {}): TopicSummary => ({
  topicId: id,
  title: `议题 ${id}`,
  summary: '说明',
  stage: 'consultation',
  proposerKind: 'party_branch',
  petition: false,
  scopeLabel: '全体业主',
  openedAt: '2026-11-23T02:00:00.000Z',
  openedByLabel: '小区党支部',
  ...overrides,
});

describe('estate card texts', () => {
  it('formats the roster totals line with the area in m² from integer centi-m²', () => {
    expect(totalsLine(estate.totals)).toBe('共 480 套房屋 · 总面积 43210.50 ㎡ · 业主人数 452 人');
  });

  it('keeps two decimals for small areas', () => {
    expect(totalsLine({ unitCount: 1, areaCenti: 8952, headcount: 1 })).toBe('共 1 套房屋 · 总面积 89.52 ㎡ · 业主人数 1 人');
  });

  it('joins district and address, skipping blanks', () => {
    expect(addressLine(estate)).toBe('浦东新区 锦绣路 100 弄');
    expect(addressLine({ district: ' ', address: '锦绣路 100 弄' })).toBe('锦绣路 100 弄');
  });

  it('explains the headcount rule in plain words; the citation of Art. 9 only behind 依据', () => {
    expect(HOME_TEXT.headcountNote).toContain('只算一人');
    expect(HOME_TEXT.headcountNote).toContain('开发商');
    expect(HOME_TEXT.headcountNote).not.toMatch(/第.+条|《/);
    expect(HOME_TEXT.headcountBasis).toContain('第九条');
    expect(HOME_TEXT.headcountBasis).toContain('按一人计算');
    expect(HOME_TEXT.headcountBasis).toContain('建设单位');
  });
});

describe('roleChips', () => {
  it('labels roles in Chinese, in canonical order, without duplicates', () => {
    expect(roleChips(['party_secretary', 'owner', 'party_member', 'owner'])).toEqual([
      { role: 'owner', label: '业主' },
      { role: 'party_secretary', label: '党支部书记' },
      { role: 'party_member', label: '党员' },
    ]);
  });

  it('returns no chips for no roles', () => {
    expect(roleChips([])).toEqual([]);
  });
});

describe('unitRows', () => {
  it('shows the area with two decimals and the representative flag', () => {
    expect(
      unitRows([
        { unitId: 'u1', label: '1号楼1单元101', areaCenti: 8952, isRepresentative: true },
        { unitId: 'u2', label: '3号楼2单元502', areaCenti: 12000, isRepresentative: false },
      ]),
    ).toEqual([
      { unitId: 'u1', label: '1号楼1单元101', areaText: '89.52 ㎡', isRepresentative: true },
      { unitId: 'u2', label: '3号楼2单元502', areaText: '120.00 ㎡', isRepresentative: false },
    ]);
  });
});

describe('topic rows', () => {
  it('maps stage to its label and the opening instant to a Beijing date', () => {
    // 2026-11-23 17:00 UTC is already 2026-11-24 01:00 in Beijing.
    const row = topicRow(topic('t1', { stage: 'voting', openedAt: '2026-11-23T17:00:00.000Z' }));
    expect(row).toMatchObject({ stageLabel: '表决中', stage: 'voting', openedDate: '2026-11-24', scopeLabel: '全体业主' });
  });

  it('shortens long summaries to an excerpt', () => {
    const long = '一'.repeat(500);
    const row = topicRow(topic('t1', { summary: long }));
    expect(Array.from(row.summary)).toHaveLength(120);
    expect(row.summary.endsWith('…')).toBe(true);
  });

  it('leaves short text alone and counts characters, not UTF-16 units', () => {
    expect(excerpt('  加装电梯  ')).toBe('加装电梯');
    expect(excerpt('😀😀😀', 3)).toBe('😀😀😀');
    expect(excerpt('😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('prepends a new topic and removes an older copy with the same id', () => {
    const list = [topic('a'), topic('b')];
    expect(prependTopic(list, topic('c')).map((t) => t.topicId)).toEqual(['c', 'a', 'b']);
    expect(prependTopic(list, topic('b', { title: '新标题' })).map((t) => [t.topicId, t.title])).toEqual([
      ['b', '新标题'],
      ['a', '议题 a'],
    ]);
    expect(list).toHaveLength(2); // not mutated
  });
});

describe('homeSections', () => {
  const one: MeOutput['estates'] = [{ estateId: 'e1', name: '锦绣花园' }];
  const two: MeOutput['estates'] = [...one, { estateId: 'e2', name: '阳光小区' }];

  it('shows the open-topic form only to the party secretary', () => {
    expect(homeSections({ estates: one, current: current({ roles: ['party_secretary'] }) }).openTopicForm).toBe(true);
    expect(homeSections({ estates: one, current: current({ roles: ['owner', 'party_member', 'committee_member'] }) }).openTopicForm).toBe(
      false,
    );
  });

  it('shows the estate switcher only with more than one estate', () => {
    expect(homeSections({ estates: one, current: current() }).estateSwitcher).toBe(false);
    expect(homeSections({ estates: two, current: current() }).estateSwitcher).toBe(true);
  });

  it('shows the no-units hint only when the viewer has no units', () => {
    expect(homeSections({ estates: one, current: current({ roles: ['resident'] }) }).noUnitsHint).toBe(true);
    const withUnit = current({ units: [{ unitId: 'u1', label: '1-101', areaCenti: 100, isRepresentative: true }] });
    expect(homeSections({ estates: one, current: withUnit }).noUnitsHint).toBe(false);
  });

  it('explains that residents do not vote and owners will verify identity', () => {
    expect(HOME_TEXT.noUnitsHint).toContain('住户');
    expect(HOME_TEXT.noUnitsHint).toContain('不参加表决');
    expect(HOME_TEXT.noUnitsHint).toContain('身份认证');
  });
});

describe('estate switcher', () => {
  const estates: MeOutput['estates'] = [
    { estateId: 'e1', name: '锦绣花园' },
    { estateId: 'e2', name: '阳光小区' },
  ];

  it('lists names and selects the current estate', () => {
    expect(estatePicker(estates, 'e2')).toEqual({ names: ['锦绣花园', '阳光小区'], index: 1 });
    expect(estatePicker(estates, 'missing').index).toBe(0);
  });

  it('returns the picked estate id, accepting the string index H5 reports', () => {
    expect(pickedEstateId(estates, 'e1', 1)).toBe('e2');
    expect(pickedEstateId(estates, 'e1', '1')).toBe('e2');
  });

  it('ignores picking the current estate or an out-of-range index', () => {
    expect(pickedEstateId(estates, 'e1', 0)).toBeNull();
    expect(pickedEstateId(estates, 'e1', 5)).toBeNull();
    expect(pickedEstateId(estates, 'e1', 'x')).toBeNull();
  });
});

describe('errorView', () => {
  it('offers the dev login on H5 when not authenticated', () => {
    expect(errorView({ code: 'NOT_AUTHENTICATED', message: '请先登录' }, 'h5')).toEqual({ message: '请先登录', action: 'login' });
  });

  it('only shows the message in the mini-program when not authenticated', () => {
    expect(errorView({ code: 'NOT_AUTHENTICATED', message: 'whatever' }, 'weapp')).toEqual({ message: '请先登录', action: 'none' });
  });

  it('shows the server message with a retry for other errors', () => {
    expect(errorView({ code: 'INTERNAL', message: '网络异常，请稍后重试' }, 'h5')).toEqual({
      message: '网络异常，请稍后重试',
      action: 'retry',
    });
    expect(errorView({ code: 'NOT_A_MEMBER', message: '你还不是该小区的成员' }, 'weapp').action).toBe('retry');
  });
});

describe('totalsParts', () => {
  it('splits the totals line into its three figures', () => {
    expect(totalsParts({ unitCount: 3, areaCenti: 30005, headcount: 2 })).toEqual(['共 3 套房屋', '总面积 300.05 ㎡', '业主人数 2 人']);
  });
});

/**
 * Found on the issue 8 journey's seller-home screenshot: after the sale the seller's home showed an empty identity
 * card and a big red 我是业主，去认证 that could only end in ROSTER_OWNER_SUPERSEDED. Home now says which unit left
 * the account and when, and the way to verify another unit is the quiet link.
 */
describe('homeSections: a seller after the sale', () => {
  const one = [{ estateId: 'e1', name: '锦绣花园' }];
  const seller = current({ roles: [], units: [], formerUnits: [{ unitId: 'e1:3-1-702', label: '3号楼1单元702', endedAt: '2026-11-20T02:00:00.000Z' }] });

  it('names the unlinked unit with its date (Shanghai) instead of the generic no-units hint', () => {
    const s = homeSections({ estates: one, current: seller });
    expect(s.formerUnits).toEqual(['3号楼1单元702 已于 2026-11-20 不再关联你的账号']);
    expect(s.noUnitsHint).toBe(false);
    expect(s.verifyEntry).toBe('secondary');
  });

  it('leaves a newcomer without former units on the prominent verify card', () => {
    const s = homeSections({ estates: one, current: current({ roles: [], units: [] }) });
    expect(s.formerUnits).toEqual([]);
    expect(s.noUnitsHint).toBe(true);
    expect(s.verifyEntry).toBe('primary');
  });
});

