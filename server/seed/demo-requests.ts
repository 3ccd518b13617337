import type { FileRequestInput, RequestCategory, RequestRating } from '../../types/requests';
import { SHANGHAI_OFFSET_MINUTES } from '../../types/time';
import type { ActionContext } from '../app/action';
import { MEMBERS, memberId, type MemberDoc } from '../app/identity/records';
import { fileRequest } from '../app/requests/fileRequest';
import { contactRequest, handleRequest, rateRequest } from '../app/requests/steps';
import type { Ports } from '../ports';
import { DEMO_ESTATE_ID } from './demo-estate';
import { withoutNotifications } from './demo-votes';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Step = { at: number; who: 'holder' | 'requester'; move: 'contact' } | { at: number; who: 'holder'; move: 'handle'; result: string } | { at: number; who: 'requester'; move: 'rate'; rating: RequestRating };

interface DemoRequest {
  key: string;
  requester: string;
  /** who acts for the organisation the routing table picks (the default table: noise/safety/neighbour → 网格员, repairs → 物业) */
  holder: string;
  category: RequestCategory;
  place: string;
  description: string;
  filedAt: number;
  steps: Step[];
}

/** The Shanghai month start (as epoch ms) of an instant. */
function monthStart(ms: number): number {
  const local = new Date(ms + SHANGHAI_OFFSET_MINUTES * 60_000);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - SHANGHAI_OFFSET_MINUTES * 60_000;
}

/**
 * The demo estate's requests (诉求, issue 12), filed and moved through the real use cases on a clock the seed moves,
 * so that the property company (钱立新) and the grid worker (冯丽) each find real work in their queues, one request is
 * overdue, one waits for its requester's rating, and the metrics board has figures for this month and the last.
 * No notifications are queued (the demo inbox stays as the rest of the seed leaves it). The gateway's deadline job
 * (every 5 minutes) escalates the overdue one to the 居委会 on its next run, which tells community staff.
 * GONGYI_DEMO_REQUESTS=off leaves the demo requests out (browser tests that count an inbox exactly).
 */
export async function seedDemoRequests(ports: Ports): Promise<void> {
  const estateId = DEMO_ESTATE_ID;
  const now = ports.clock.now().getTime();
  let clockMs = now;
  const shifted: Ports = { ...ports, storage: withoutNotifications(ports.storage), clock: { now: () => new Date(clockMs) } };
  const ctx = async (openid: string): Promise<ActionContext> => {
    const member = await ports.storage.get<MemberDoc>(MEMBERS, memberId(estateId, openid));
    return { ports: shifted, caller: { openid }, member: member?.data ?? null, event: {} };
  };
  // closed this month: filed early in the month (or 6 days ago), each step a few hours later, all before now
  const ms = monthStart(now);
  const thisMonth = Math.max(ms + 10 * 60_000, now - 6 * DAY);
  const room = Math.min(1, (now - thisMonth) / (12 * HOUR));
  const later = (from: number, hours: number) => from + hours * HOUR * room;
  const lastMonth = ms - 10 * DAY;

  const all: DemoRequest[] = [
    // 网格员 冯丽: new today, and one overdue (filed 26 hours ago, the 24-hour response limit has passed)
    { key: 'demo-req-0001', requester: 'demo-owner', holder: 'demo-grid-worker', category: 'noise', place: '3号楼前小广场', description: '每晚八点以后广场舞音响声音很大，家里老人休息不好，希望能调小音量或换个时间。', filedAt: now - 3 * HOUR, steps: [] },
    { key: 'demo-req-0002', requester: 'demo-tenant', holder: 'demo-grid-worker', category: 'safety', place: '2号楼一单元楼道', description: '2号楼一单元楼道里有人给电动车电瓶充电，电线从窗户拉进来，担心起火。', filedAt: now - 26 * HOUR, steps: [] },
    { key: 'demo-req-0003', requester: 'demo-co-owner', holder: 'demo-grid-worker', category: 'neighbour', place: '1号楼二单元', description: '楼上住户经常从阳台往下倒水，晾在外面的衣服被弄湿好几次。', filedAt: now - 20 * HOUR, steps: [{ at: now - 18 * HOUR, who: 'holder', move: 'contact' }] },
    // 物业 钱立新: new, in progress, and one handled that waits for the requester (王建国) to confirm and rate
    { key: 'demo-req-0004', requester: 'demo-multi-owner', holder: 'demo-property-manager', category: 'repair', place: '1号楼电梯', description: '1号楼电梯按键失灵，按了楼层经常没反应，老人上下楼很不方便。', filedAt: now - 5 * HOUR, steps: [] },
    { key: 'demo-req-0005', requester: 'demo-co-owner-rep', holder: 'demo-property-manager', category: 'public_facility', place: '小区北门路灯', description: '北门进来那一段路灯坏了三盏，晚上很黑。', filedAt: now - 30 * HOUR, steps: [{ at: now - 28 * HOUR, who: 'holder', move: 'contact' }] },
    {
      key: 'demo-req-0006', requester: 'demo-owner', holder: 'demo-property-manager', category: 'parking', place: '5号楼东侧消防通道', description: '5号楼东侧消防通道经常停满私家车，救护车进不来。', filedAt: now - 50 * HOUR,
      steps: [{ at: now - 47 * HOUR, who: 'holder', move: 'contact' }, { at: now - 26 * HOUR, who: 'holder', move: 'handle', result: '已在消防通道两端加装隔离桩并张贴禁停提示，保安每天巡查两次。' }],
    },
    // closed this month: one 满意 (物业), one 基本满意 (网格员, answered late)
    {
      key: 'demo-req-0007', requester: 'demo-co-owner', holder: 'demo-property-manager', category: 'environment', place: '4号楼垃圾分类点', description: '4号楼垃圾分类点的垃圾两天没清运，味道很大。', filedAt: thisMonth,
      steps: [{ at: later(thisMonth, 1), who: 'holder', move: 'contact' }, { at: later(thisMonth, 4), who: 'holder', move: 'handle', result: '已清运并调整为每日两次清运。' }, { at: later(thisMonth, 6), who: 'requester', move: 'rate', rating: 'satisfied' }],
    },
    {
      key: 'demo-req-0008', requester: 'demo-multi-owner', holder: 'demo-grid-worker', category: 'noise', place: '小区南门外工地', description: '南门外工地晚上十点以后还在施工。', filedAt: later(thisMonth, 2),
      steps: [{ at: later(thisMonth, 5), who: 'holder', move: 'contact' }, { at: later(thisMonth, 9), who: 'holder', move: 'handle', result: '已联系城管，工地承诺晚上十点后停工。' }, { at: later(thisMonth, 11), who: 'requester', move: 'rate', rating: 'basically_satisfied' }],
    },
    // closed last month
    {
      key: 'demo-req-0009', requester: 'demo-multi-owner', holder: 'demo-property-manager', category: 'greenery', place: '中心花园', description: '中心花园的树枝伸到了3号楼二层窗户前。', filedAt: lastMonth,
      steps: [{ at: lastMonth + 2 * HOUR, who: 'holder', move: 'contact' }, { at: lastMonth + 30 * HOUR, who: 'holder', move: 'handle', result: '已修剪。' }, { at: lastMonth + 32 * HOUR, who: 'requester', move: 'rate', rating: 'satisfied' }],
    },
    {
      key: 'demo-req-0010', requester: 'demo-co-owner-rep', holder: 'demo-grid-worker', category: 'other', place: '小区西门', description: '西门外有人摆摊占道，早上出门很挤。', filedAt: lastMonth + 3 * DAY,
      steps: [{ at: lastMonth + 3 * DAY + 5 * HOUR, who: 'holder', move: 'contact' }, { at: lastMonth + 5 * DAY, who: 'holder', move: 'handle', result: '已联系街道城管劝离。' }, { at: lastMonth + 5 * DAY + 3 * HOUR, who: 'requester', move: 'rate', rating: 'basically_satisfied' }],
    },
  ];

  // file and move in time order, so every use case sees a clock that only goes forward
  const events = all.flatMap((r) => [{ at: r.filedAt, r, step: null as Step | null }, ...r.steps.map((step) => ({ at: step.at, r, step }))]).sort((a, b) => a.at - b.at);
  const ids = new Map<string, string>();
  for (const { at, r, step } of events) {
    clockMs = at;
    if (!step) {
      const input: FileRequestInput = { estateId, idempotencyKey: r.key, category: r.category, description: r.description, locationKind: 'public', place: r.place, visibility: 'private' };
      ids.set(r.key, (await fileRequest(await ctx(r.requester), input)).requestId);
      continue;
    }
    const ref = { estateId, requestId: ids.get(r.key)! };
    if (step.move === 'contact') await contactRequest(await ctx(r.holder), ref);
    else if (step.move === 'handle') await handleRequest(await ctx(r.holder), { ...ref, result: step.result });
    else await rateRequest(await ctx(r.requester), { ...ref, rating: step.rating });
  }
  clockMs = now;
}
