import type { Role } from '../../types/common';

/**
 * The demo estate 和睦家园: 3 buildings × 2 entrances × 10 floors × 2 rooms = 120 units, with
 * registry areas to 0.01 m², owners holding several units, co-owned units and developer-held units.
 * All people here are fictional; ID numbers and phones are synthetic and are only ever stored hashed.
 */
export const DEMO_ESTATE_ID = 'hemu';

export const DEMO_ESTATE = {
  name: '和睦家园',
  district: '示例市和平区幸福街道',
  address: '和平区幸福路 88 号',
  communityName: '幸福里社区居委会',
  partyBranchName: '和睦家园小区党支部',
  buildings: ['1', '2', '3'],
};

export interface DemoPerson {
  key: string; // stable seed-local key
  name: string;
  idNumber: string;
  phone: string;
}

export interface DemoUnit {
  building: string;
  entrance: string;
  room: string;
  areaCenti: number;
  owners: string[]; // DemoPerson keys; the first is the voting representative
  developerHeld: boolean;
}

/** Registry areas by building and entrance for the x01 / x02 layouts (0.01 m²). */
const LAYOUT_AREAS: Record<string, [number, number]> = {
  '1-1': [8952, 12037],
  '1-2': [7608, 14365],
  '2-1': [9140, 11896],
  '2-2': [8827, 13512],
  '3-1': [6891, 9540],
  '3-2': [7213, 10488],
};

const SURNAMES = ['张', '李', '王', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '志刚', '海燕', '玉兰'];

/** Deterministic PRNG so every machine seeds the same estate. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic 18-character ID number with a valid GB 11643 check digit. */
function syntheticIdNumber(serial: number): string {
  const body = `110105${1950 + (serial % 50)}${String((serial % 12) + 1).padStart(2, '0')}${String((serial % 28) + 1).padStart(2, '0')}${String(serial % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = body.split('').reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

function person(key: string, name: string, serial: number): DemoPerson {
  return { key, name, idNumber: syntheticIdNumber(serial), phone: `139${String(10000000 + serial * 7919).slice(-8)}` };
}

/** Named people the personas log in as, and the special holdings the demo needs. */
const NAMED: Record<string, { name: string; units: string[] }> = {
  wang: { name: '王建国', units: ['1-1-101'] },
  chen: { name: '陈志强', units: ['2-1-301', '2-2-301', '3-1-501'] }, // one buyer, three units: one head
  huang: { name: '黄丽华', units: ['1-1-201', '1-1-202'] },
  zhou: { name: '周明', units: ['1-2-302'] }, // co-owner and representative of 1-2-302
  li: { name: '李秀英', units: ['1-2-302'] }, // co-owner of 1-2-302, not the representative
  liu: { name: '刘红梅', units: ['2-1-601'] }, // party secretary, also an owner
  sun: { name: '孙伟', units: ['1-1-801'] }, // committee member, also an owner
  ma: { name: '马建华', units: ['2-1-102'] }, // on the roster, not yet verified online
};

/** Units still held by the developer (unsold or undelivered): together they count as one head. */
const DEVELOPER_UNITS = new Set(['3-2-901', '3-2-902', '3-2-1001', '3-2-1002', '1-2-1002']);

export interface DemoRoster {
  people: DemoPerson[];
  units: DemoUnit[];
}

export function buildDemoRoster(): DemoRoster {
  const rand = mulberry32(20261123);
  const people: DemoPerson[] = [];
  const ownersByUnit = new Map<string, string[]>();
  let serial = 1;
  for (const [key, spec] of Object.entries(NAMED)) {
    people.push(person(key, spec.name, serial++));
    for (const u of spec.units) ownersByUnit.set(u, [...(ownersByUnit.get(u) ?? []), key]);
  }

  const units: DemoUnit[] = [];
  for (const building of DEMO_ESTATE.buildings) {
    for (const entrance of ['1', '2']) {
      for (let floor = 1; floor <= 10; floor++) {
        for (const [i, suffix] of ['01', '02'].entries()) {
          const room = `${floor}${suffix}`;
          const ref = `${building}-${entrance}-${room}`;
          // top-floor units carry a small registered loft adjustment
          const areaCenti = LAYOUT_AREAS[`${building}-${entrance}`][i] + (floor === 10 ? 1275 : 0);
          const developerHeld = DEVELOPER_UNITS.has(ref);
          let owners = developerHeld ? [] : ownersByUnit.get(ref) ?? [];
          if (!developerHeld && owners.length === 0) {
            const key = `p${serial}`;
            const name = SURNAMES[Math.floor(rand() * SURNAMES.length)] + GIVEN[Math.floor(rand() * GIVEN.length)];
            people.push(person(key, name, serial++));
            owners = [key];
          }
          units.push({ building, entrance, room, areaCenti, owners, developerHeld });
        }
      }
    }
  }
  return { people, units };
}

export interface DemoPersona {
  openid: string;
  /** what the dev login page says about this persona */
  title: string;
  personKey?: string; // roster person, for owners
  name: string;
  roles: Role[];
  /** units this account is linked to (owners only), by ref "b-e-room" */
  units: string[];
  /** for personas still to verify: the roster entry they will type in (demo only, fictional) */
  rosterHint?: { unitRef: string; personKey?: string };
}

export const DEMO_PERSONAS: DemoPersona[] = [
  { openid: 'demo-owner', title: '业主（1 套房）', personKey: 'wang', name: '王建国', roles: ['owner'], units: ['1-1-101'] },
  { openid: 'demo-multi-owner', title: '业主（多套房，按一人计）', personKey: 'chen', name: '陈志强', roles: ['owner'], units: ['2-1-301', '2-2-301', '3-1-501'] },
  // the representative comes first: the first co-owner linked to a unit becomes its representative
  { openid: 'demo-co-owner-rep', title: '共有人（表决权代表）', personKey: 'zhou', name: '周明', roles: ['owner'], units: ['1-2-302'] },
  { openid: 'demo-co-owner', title: '共有人（非表决权代表）', personKey: 'li', name: '李秀英', roles: ['owner'], units: ['1-2-302'] },
  { openid: 'demo-tenant', title: '租户（住户，不参与表决）', name: '赵磊', roles: ['resident'], units: [] },
  { openid: 'demo-party-secretary', title: '小区党支部书记（也是业主）', personKey: 'liu', name: '刘红梅', roles: ['party_secretary', 'party_member', 'owner'], units: ['2-1-601'] },
  { openid: 'demo-committee', title: '业委会委员（也是业主）', personKey: 'sun', name: '孙伟', roles: ['committee_member', 'owner'], units: ['1-1-801'] },
  { openid: 'demo-community-staff', title: '社区居委会工作人员', name: '吴静', roles: ['community_staff'], units: [] },
  { openid: 'demo-subdistrict-staff', title: '街道办事处工作人员', name: '郑涛', roles: ['subdistrict_staff'], units: [] },
  { openid: 'demo-property-manager', title: '物业服务企业项目经理', name: '钱立新', roles: ['property_manager'], units: [] },
  { openid: 'demo-grid-worker', title: '网格员', name: '冯丽', roles: ['grid_worker'], units: [] },
  { openid: 'demo-newcomer', title: '新用户（尚未加入小区）', name: '新用户', roles: [], units: [] },
  {
    openid: 'demo-unverified',
    title: '待认证业主（名册中有，尚未在线认证）',
    personKey: 'ma',
    name: '马建华',
    roles: [],
    units: [],
    rosterHint: { unitRef: '2-1-102', personKey: 'ma' },
  },
  {
    openid: 'demo-buyer',
    title: '新购房业主（名册未更新，需上传产权证）',
    name: '韩雪',
    roles: [],
    units: [],
    rosterHint: { unitRef: '3-1-702' },
  },
];

/**
 * Demo topics in different stages (the stage history is built by the seed from `history`: each step is
 * [stage, move, days ago, who, note?]). Topics that need a frozen notice (announced and later) are not seeded:
 * they are reached through the real announceTopic in tests and the browser journey.
 */
export interface DemoTopic {
  title: string;
  summary: string;
  scope: { kind: 'estate' } | { kind: 'buildings'; buildings: string[] };
  proposedBy: string;
  proposerKind: 'owner' | 'committee' | 'party_branch';
  items: { title: string; matter: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9; description: string }[];
  plan?: { text: string; changeNote: string };
  history: [stage: 'proposed' | 'returned' | 'consultation' | 'closed', move: 'propose' | 'open' | 'accept' | 'return' | 'import', daysAgo: number, by: string, note?: string][];
}

export const DEMO_TOPICS: DemoTopic[] = [
  {
    title: '小区停车位规划调整',
    summary: '地面停车位紧张，党支部牵头征集意见后形成了两套方案：一是将东侧绿化带边缘改为临时车位，二是与邻近商场协商夜间共享车位。请大家在协商阶段充分发表意见。',
    scope: { kind: 'estate' },
    proposedBy: 'demo-party-secretary',
    proposerKind: 'party_branch',
    items: [{ title: '东侧绿化带边缘改建临时车位', matter: 8, description: '将东侧绿化带靠路边 1.5 米改为 24 个临时车位，收取的停车费归全体业主共有，用于补充维修资金。' }],
    plan: { text: '方案一：东侧绿化带边缘改为 24 个临时车位，按月收费，收入归全体业主。\n方案二：与邻近商场协商夜间共享车位，每晚 19 点至次日 8 点开放。', changeNote: '首次发布' },
    history: [['consultation', 'open', 21, 'demo-party-secretary', '党支部直接发起']],
  },
  {
    title: '3号楼加装电梯意见征集',
    summary: '3号楼部分业主提出加装电梯，涉及本楼共有部分，由3号楼业主共同决定。现征集本楼业主意见，包括出资分摊方式和低层住户补偿建议。',
    scope: { kind: 'buildings', buildings: ['3'] },
    proposedBy: 'demo-multi-owner',
    proposerKind: 'owner',
    items: [{ title: '3号楼加装电梯', matter: 7, description: '在3号楼北侧加装一部电梯，费用由本楼业主按楼层系数分摊，低层住户不出资。' }],
    history: [['proposed', 'propose', 8, 'demo-multi-owner']],
  },
  {
    title: '小区大门加装人脸识别门禁',
    summary: '有业主提出在南门和北门加装人脸识别门禁，以减少外来人员随意进出。党支部审查后认为需补充个人信息保护的说明，已退回提议人修改。',
    scope: { kind: 'estate' },
    proposedBy: 'demo-owner',
    proposerKind: 'owner',
    items: [{ title: '南门和北门加装人脸识别门禁', matter: 9, description: '两处大门各加装一套人脸识别门禁，费用从公共收益中支出。' }],
    history: [
      ['proposed', 'propose', 12, 'demo-owner'],
      ['returned', 'return', 10, 'demo-party-secretary', '请补充人脸信息由谁保存、保存多久，以及不愿录入人脸的业主如何进出。'],
    ],
  },
  {
    title: '2025年度维修资金使用情况说明',
    summary: '2025年度共使用专项维修资金用于1号楼屋面防水和2号楼消防管道更换，明细已由社区居委会审核并公示完毕，现已办结备查。',
    scope: { kind: 'estate' },
    proposedBy: 'demo-party-secretary',
    proposerKind: 'party_branch',
    items: [],
    history: [['closed', 'import', 250, 'system', '历史议题导入']],
  },
];
