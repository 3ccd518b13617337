/**
 * The discussion part of deliberation (issue 10 items 3–6) through the deliberation cloud function, on both
 * engines: comments and questions, answers, reports and moderation, owners' petitions, consultation summaries.
 */
import { main } from '../../cloudfunctions/deliberation';
import { readAuditEvents } from '../../server/app/audit/log';
import fc from 'fast-check';
import { COMMENTS, PETITION_SIGNATURES, type CommentDoc, type SignatureDoc } from '../../server/app/deliberation/discussion-records';
import { petitionProgress, tallySignatures } from '../../server/core/deliberation/petition';
import { TOPICS, type TopicDoc } from '../../server/app/deliberation/records';
import { RULES_HEADS, RULES_VERSIONS, rulesVersionId } from '../../server/app/deliberation/rules-store';
import { DEFAULT_RULES } from '../../types/procedure-rules';
import { OUTBOX } from '../../server/app/notifications/records';
import type {
  CommentOutput,
  ConsultationSummariesOutput,
  ListCommentsOutput,
  PetitionOutput,
  TopicDiscussionSummaryOutput,
} from '../../types/deliberation-discussion';
import type { ApiResult } from '../../types/errors';
import { ESTATE, TOPIC_IDS, seedDiscussionEstate, topicDoc } from '../support/discussion-fixtures';
import { ok } from '../support/handler-client';
import { as, freshEnv, type TestEnv } from '../support/ports';

let env: TestEnv;
beforeEach(async () => {
  env = await freshEnv();
  await seedDiscussionEstate(env.ports);
});
afterEach(async () => env.cleanup());

/** every call one second after the previous one: comments and audit events get distinct, ordered times */
const call = <T>(openid: string, action: string, input: Record<string, unknown>) => {
  env.clock.advance(1000);
  return main({ action, input }, as(openid)) as Promise<ApiResult<T>>;
};
const refused = async (p: Promise<ApiResult<unknown>>) => {
  const r = await p;
  if (r.ok) throw new Error('expected a refusal');
  return r.error.code;
};
const T = TOPIC_IDS.consultation;
const ref = { estateId: ESTATE, topicId: T };
const comment = (openid: string, stance: string, text: string, topicId: string = T) =>
  call<CommentOutput>(openid, 'addComment', { estateId: ESTATE, topicId, stance, comment: text });
const ask = (openid: string, question: string) => call<CommentOutput>(openid, 'askQuestion', { ...ref, question });
const list = (openid: string, extra: Record<string, unknown> = {}) => call<ListCommentsOutput>(openid, 'listComments', { ...ref, ...extra });
/** collections a refusal must leave unchanged */
const counts = async () =>
  Object.fromEntries(await Promise.all([COMMENTS, 'comment_reports', PETITION_SIGNATURES, 'petition_tallies', 'audit_events', OUTBOX].map(async (c) => [c, await env.storage.count(c)])));

describe('comments and questions', () => {
  it('shows authors by relation only — owner by building, tenant as 住户, organiser by body — and everyone sees the same', async () => {
    ok(await comment('o-a', 'support', '支持增设快递柜，南门每天都堵。'));
    ok(await comment('o-tenant', 'suggest', '建议放在物业办公室旁边。'));
    ok(await comment('o-sec', 'suggest', '党支部会收集大家对位置的意见。'));
    ok(await comment('o-multi', 'oppose', '费用不清楚，先公布报价。'));
    const page = ok(await list('o-b'));
    expect(page.comments.map((c) => [c.authorRelation, c.authorLabel, c.stance, c.text])).toEqual([
      ['owner', '1号楼业主', 'support', '支持增设快递柜，南门每天都堵。'],
      ['resident', '住户', 'suggest', '建议放在物业办公室旁边。'],
      ['organiser', '党支部', 'suggest', '党支部会收集大家对位置的意见。'],
      ['owner', '2号楼业主', 'oppose', '费用不清楚，先公布报价。'],
    ]);
    const json = JSON.stringify(page);
    for (const openid of ['o-a', 'o-tenant', 'o-sec', 'o-multi']) expect(json).not.toContain(openid);
    // the property company sees exactly what another owner sees (it wrote nothing of its own)
    expect(ok(await list('o-pm')).comments).toEqual(page.comments);
    expect(ok(await list('o-pm')).can).toEqual({ comment: false, ask: false, answer: false, report: true, moderate: false });
    expect(page.comments.every((c) => c.reportsPending === undefined && c.originalText === undefined)).toBe(true);
  });

  it('marks the caller’s own comments', async () => {
    ok(await comment('o-a', 'support', '支持。支持。'));
    expect(ok(await list('o-a')).comments[0].mine).toBe(true);
    expect(ok(await list('o-b')).comments[0].mine).toBe(false);
  });

  it('refuses outside consultation, on another estate’s topic, and for the property company, writing nothing', async () => {
    const before = await counts();
    expect(await refused(comment('o-a', 'support', '支持这个提议', TOPIC_IDS.proposed))).toBe('DISCUSSION_CLOSED');
    expect(await refused(comment('o-a', 'support', '支持这个提议', TOPIC_IDS.other))).toBe('TOPIC_NOT_FOUND');
    expect(await refused(call('o-a', 'listComments', { estateId: ESTATE, topicId: TOPIC_IDS.other }))).toBe('TOPIC_NOT_FOUND');
    expect(await refused(comment('o-pm', 'support', '物业支持这个提议'))).toBe('FORBIDDEN');
    expect(await refused(call('o-a', 'addComment', { ...ref, stance: 'maybe', comment: '随便说说' }))).toBe('VALIDATION_FAILED');
    expect(await counts()).toEqual(before);
    const r = await call('o-a', 'addComment', { estateId: ESTATE, topicId: TOPIC_IDS.proposed, stance: 'support', comment: '支持这个提议' });
    expect(!r.ok && r.error.message).toBe('议题现在是“待前置审查”阶段，只有协商议事阶段可以发表评论和提问');
  });

  it('lets only the opener answer a question, once, and notifies the asker', async () => {
    const q = ok(await ask('o-tenant', '快递柜的电费由谁承担？')).comment;
    expect(q).toMatchObject({ kind: 'question', stance: null, answer: null, authorLabel: '住户' });
    const c = ok(await comment('o-b', 'support', '支持，早该装了。')).comment;
    const before = await counts();
    expect(await refused(call('o-b', 'answerQuestion', { ...ref, commentId: q.commentId, answer: '由我来付。' }))).toBe('NOT_TOPIC_OPENER');
    expect(await refused(call('o-staff', 'answerQuestion', { ...ref, commentId: q.commentId, answer: '由社区来付。' }))).toBe('NOT_TOPIC_OPENER');
    expect(await refused(call('o-sec', 'answerQuestion', { ...ref, commentId: c.commentId, answer: '这不是提问。' }))).toBe('NOT_A_QUESTION');
    expect(await refused(call('o-sec', 'answerQuestion', { ...ref, commentId: 'cm_missing', answer: '没有这条。' }))).toBe('COMMENT_NOT_FOUND');
    expect(await counts()).toEqual(before);

    const answered = ok(await call<CommentOutput>('o-sec', 'answerQuestion', { ...ref, commentId: q.commentId, answer: '电费由快递柜运营商承担，不用维修资金。' })).comment;
    expect(answered.answer).toEqual({ text: '电费由快递柜运营商承担，不用维修资金。', at: env.clock.now().toISOString(), byLabel: '党支部' });
    expect(await refused(call('o-sec', 'answerQuestion', { ...ref, commentId: q.commentId, answer: '再答一次。' }))).toBe('QUESTION_ALREADY_ANSWERED');

    const outbox = await env.storage.find<{ kind: string; recipient: string; params: Record<string, unknown> }>(OUTBOX, {});
    expect(outbox.map((o) => [o.data.kind, o.data.recipient, o.data.params])).toEqual([['question_answered', 'o-tenant', { estateId: ref.estateId, topicId: ref.topicId, title: '南门增设快递柜' }]]);
    const shown = ok(await list('o-a', { filter: 'questions' })).comments;
    expect(shown.map((x) => x.answer?.byLabel)).toEqual(['党支部']);
    expect(ok(await list('o-a', { filter: 'unanswered' })).comments).toEqual([]);
  });

  it('pages a long thread oldest first, every comment once, and refuses a foreign cursor', async () => {
    for (let i = 0; i < 23; i++) {
      ok(await comment(i % 2 ? 'o-a' : 'o-tenant', 'suggest', `第${i + 1}条意见`));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ListCommentsOutput = ok(await list('o-b', { limit: 10, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.comments.map((c) => c.text ?? ''));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `第${i + 1}条意见`));
    expect(await refused(list('o-b', { cursor: 'bm90LWEtY3Vyc29y' }))).toBe('VALIDATION_FAILED');
  });
});

describe('reports and moderation', () => {
  let target: string;
  beforeEach(async () => {
    target = ok(await comment('o-multi', 'oppose', '某某收了回扣，大家别信。')).comment.commentId;
  });
  const cref = () => ({ ...ref, commentId: target });

  it('takes one report per account per comment (anyone in the estate, even the property company)', async () => {
    expect(ok(await call('o-b', 'reportComment', { ...cref(), reportReason: 'abuse' }))).toEqual({ reported: true });
    expect(await refused(call('o-b', 'reportComment', { ...cref(), reportReason: 'privacy' }))).toBe('REPORT_DUPLICATE');
    ok(await call('o-pm', 'reportComment', { ...cref(), reportReason: 'abuse' }));
    expect(ok(await list('o-b')).comments[0].reportedByMe).toBe(true);
    expect(ok(await list('o-c')).comments[0].reportedByMe).toBe(false);
    const staffView = ok(await list('o-staff', { filter: 'reported' }));
    expect(staffView.comments.map((c) => [c.commentId, c.reportsPending])).toEqual([[target, 2]]);
    expect(await refused(list('o-b', { filter: 'reported' }))).toBe('FORBIDDEN');
    expect(await env.storage.count('comment_reports')).toBe(2);
  });

  it('admits exactly one of concurrent duplicate reports', async () => {
    const results = await Promise.all([1, 2, 3].map(() => call('o-c', 'reportComment', { ...cref(), reportReason: 'abuse' })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['REPORT_DUPLICATE', 'REPORT_DUPLICATE']);
    expect((await env.storage.get<CommentDoc>(COMMENTS, target))?.data.reportsPending).toBe(1);
  });

  it('hides with a visible reason, keeps the original and audits hide and unhide', async () => {
    ok(await call('o-b', 'reportComment', { ...cref(), reportReason: 'abuse' }));
    const before = await counts();
    expect(await refused(call('o-staff', 'hideComment', { ...cref(), reason: '' }))).toBe('VALIDATION_FAILED');
    expect(await refused(call('o-staff', 'hideComment', cref()))).toBe('VALIDATION_FAILED');
    expect(await refused(call('o-b', 'hideComment', { ...cref(), reason: '人身攻击' }))).toBe('FORBIDDEN');
    // the committee may moderate only where the estate's rules name it (the default rules do not)
    expect(await refused(call('o-committee', 'hideComment', { ...cref(), reason: '人身攻击' }))).toBe('MODERATOR_NOT_IN_RULES');
    expect(await refused(call('o-staff', 'hideComment', { estateId: ESTATE, topicId: TOPIC_IDS.proposed, commentId: target, reason: '人身攻击' }))).toBe('COMMENT_NOT_FOUND');
    expect(await counts()).toEqual(before);

    const hidden = ok(await call<CommentOutput>('o-staff', 'hideComment', { ...cref(), reason: '含有未经证实的指控' })).comment;
    expect(hidden).toMatchObject({ text: null, hiddenNotice: '该评论已被隐藏：含有未经证实的指控', originalText: '某某收了回扣，大家别信。', reportsPending: 0 });
    const reader = ok(await list('o-a')).comments[0];
    expect(reader).toMatchObject({ text: null, hiddenNotice: '该评论已被隐藏：含有未经证实的指控', hidden: { reason: '含有未经证实的指控', byLabel: null } });
    expect(JSON.stringify(reader)).not.toContain('回扣');
    expect(ok(await list('o-pm')).comments[0].text).toBeNull();
    // nothing deleted: the stored comment keeps its text, the record holds its hash and the reason
    expect((await env.storage.get<CommentDoc>(COMMENTS, target))?.data.text).toBe('某某收了回扣，大家别信。');
    expect(await refused(call('o-sec', 'hideComment', { ...cref(), reason: '再隐藏一次' }))).toBe('COMMENT_HIDDEN');
    expect(await refused(call('o-c', 'reportComment', { ...cref(), reportReason: 'abuse' }))).toBe('COMMENT_HIDDEN');

    const restored = ok(await call<CommentOutput>('o-sec', 'unhideComment', { ...cref(), reason: '经核实情况属实，恢复显示' })).comment;
    expect(restored).toMatchObject({ text: '某某收了回扣，大家别信。', hidden: null, hiddenNotice: null });
    expect(await refused(call('o-sec', 'unhideComment', { ...cref(), reason: '再恢复一次' }))).toBe('COMMENT_NOT_HIDDEN');

    const events = (await readAuditEvents(env.storage, ESTATE)).filter((e) => e.subject === `${COMMENTS}/${target}`);
    const hash = env.ports.crypto.sha256('某某收了回扣，大家别信。');
    expect(events.map((e) => [e.action, e.data.reason ?? null, e.data.textHash ?? null])).toEqual([
      ['topic.commented', null, hash],
      ['topic.comment_reported', 'abuse', null],
      ['topic.comment_hidden', '含有未经证实的指控', hash],
      ['topic.comment_unhidden', '经核实情况属实，恢复显示', hash],
    ]);
  });

  it('honours the estate’s rules of procedure: only the roles they name moderate, and the notice names the role when they ask', async () => {
    // an activated rules version (written as the rules part stores it): community staff only, reason and role shown
    const at = env.clock.now().toISOString();
    const rules = { ...DEFAULT_RULES, moderation: { moderators: ['community_staff'], hiddenShows: 'reason_and_role' } };
    await env.storage.transaction(async (tx) => {
      await tx.create(RULES_VERSIONS, rulesVersionId(ESTATE, 1), {
        estateId: ESTATE, versionNo: 1, rules, document: null, note: '', fingerprint: 'f', activatedAt: at, activatedBy: 'o-staff', draftId: 'd1',
      });
      await tx.create(RULES_HEADS, ESTATE, { estateId: ESTATE, activeVersionNo: 1, activatedAt: at });
    });
    const r = await call('o-sec', 'hideComment', { ...cref(), reason: '人身攻击' });
    expect(r).toMatchObject({ ok: false, error: { code: 'MODERATOR_NOT_IN_RULES', message: '本小区议事规则规定由社区居委会处理评论' } });
    expect(ok(await list('o-sec')).can.moderate).toBe(false);
    expect(await refused(list('o-sec', { filter: 'reported' }))).toBe('FORBIDDEN');
    const hidden = ok(await call<CommentOutput>('o-staff', 'hideComment', { ...cref(), reason: '人身攻击' })).comment;
    expect(hidden.hiddenNotice).toBe('该评论已被隐藏：人身攻击（处理：社区居委会）');
    expect(ok(await list('o-a')).comments[0].hidden).toMatchObject({ reason: '人身攻击', byLabel: '社区居委会' });
  });

  it('lets the committee moderate when the rules name it (the rules offer it, so the permission must admit it)', async () => {
    const at = env.clock.now().toISOString();
    const rules = { ...DEFAULT_RULES, moderation: { moderators: ['committee_member'], hiddenShows: 'reason' } };
    await env.storage.transaction(async (tx) => {
      await tx.create(RULES_VERSIONS, rulesVersionId(ESTATE, 1), {
        estateId: ESTATE, versionNo: 1, rules, document: null, note: '', fingerprint: 'f', activatedAt: at, activatedBy: 'o-staff', draftId: 'd1',
      });
      await tx.create(RULES_HEADS, ESTATE, { estateId: ESTATE, activeVersionNo: 1, activatedAt: at });
    });
    expect(ok(await list('o-committee')).can.moderate).toBe(true);
    const hidden = ok(await call<CommentOutput>('o-committee', 'hideComment', { ...cref(), reason: '广告信息' })).comment;
    expect(hidden.hiddenNotice).toBe('该评论已被隐藏：广告信息');
    expect(await refused(call('o-staff', 'unhideComment', { ...cref(), reason: '误隐藏' }))).toBe('MODERATOR_NOT_IN_RULES');
  });

  it('dismisses pending reports with a reason, and refuses when none are pending', async () => {
    expect(await refused(call('o-staff', 'dismissReports', { ...cref(), reason: '未发现问题' }))).toBe('NO_PENDING_REPORTS');
    ok(await call('o-b', 'reportComment', { ...cref(), reportReason: 'off_topic' }));
    const kept = ok(await call<CommentOutput>('o-staff', 'dismissReports', { ...cref(), reason: '与议题有关，保留' })).comment;
    expect(kept).toMatchObject({ text: '某某收了回扣，大家别信。', reportsPending: 0 });
    expect(ok(await list('o-staff', { filter: 'reported' })).comments).toEqual([]);
  });
});

describe('owners’ petition for a temporary meeting (20 % of area AND headcount)', () => {
  const P: { estateId: string; topicId: string } = { estateId: ESTATE, topicId: TOPIC_IDS.petition };
  const cosign = (openid: string, input = P) => call<PetitionOutput>(openid, 'cosignPetition', input);

  it('counts area and heads exactly, reaches at exactly 20 %, writes petitionReachedAt once and notifies the organisers', async () => {
    // totals: 1,000.00 m² and 10 owner-persons; 20 % = 200.00 m² and 2 persons
    let p = ok(await cosign('o-b')).petition;
    expect(p).toMatchObject({ signedAreaCenti: 10_000, signedHeadcount: 1, totalAreaCenti: 100_000, totalHeadcount: 10, reached: false, reachedAt: null });
    expect(p.mine).toEqual({ signedUnits: ['1号楼1单元102'], unsignedUnits: [], canSign: false, canWithdraw: true });
    p = ok(await cosign('o-c')).petition; // 199.99 m², 2 persons: 0.01 m² short
    expect(p).toMatchObject({ signedAreaCenti: 19_999, signedHeadcount: 2, areaReached: false, headcountReached: true, reached: false, areaShortCenti: 1 });
    expect((await env.storage.get<TopicDoc>(TOPICS, TOPIC_IDS.petition))?.data.petitionReachedAt).toBeUndefined();
    expect(await env.storage.count(OUTBOX)).toBe(0);

    p = ok(await cosign('o-tiny')).petition; // + 0.01 m²: exactly 200.00 m²
    expect(p).toMatchObject({ signedAreaCenti: 20_000, signedHeadcount: 3, reached: true, reachedAt: env.clock.now().toISOString(), areaShortCenti: 0 });
    const topic = (await env.storage.get<TopicDoc>(TOPICS, TOPIC_IDS.petition))!.data;
    expect(topic).toMatchObject({ petitionReachedAt: env.clock.now().toISOString(), rev: 2, stage: 'proposed' });
    const outbox = await env.storage.find<{ kind: string; recipient: string }>(OUTBOX, {});
    expect(outbox.map((o) => [o.data.kind, o.data.recipient]).sort()).toEqual([['petition_reached', 'o-committee'], ['petition_reached', 'o-sec']]);

    // from then on: no more signing, no withdrawing, nothing written
    const before = await counts();
    expect(await refused(cosign('o-a'))).toBe('PETITION_REACHED');
    expect(await refused(call('o-b', 'withdrawCosign', P))).toBe('PETITION_REACHED');
    expect(await counts()).toEqual(before);
    const actions = (await readAuditEvents(env.storage, ESTATE)).map((e) => e.action);
    expect(actions.filter((a) => a === 'topic.petition_reached')).toHaveLength(1);
    expect(actions.filter((a) => a === 'topic.petition_cosigned')).toHaveLength(3);
  });

  it('counts a buyer with two units as one person, one signature per unit, and allows withdrawing and signing again', async () => {
    let p = ok(await cosign('o-multi')).petition;
    expect(p).toMatchObject({ signedUnitCount: 2, signedAreaCenti: 10_000, signedHeadcount: 1 });
    expect(p.mine.signedUnits).toEqual(['2号楼1单元101', '2号楼1单元102']);
    expect(await refused(cosign('o-multi'))).toBe('ALREADY_COSIGNED');
    expect(await env.storage.count(PETITION_SIGNATURES)).toBe(2);

    p = ok(await call<PetitionOutput>('o-multi', 'withdrawCosign', P)).petition;
    expect(p).toMatchObject({ signedUnitCount: 0, signedAreaCenti: 0, signedHeadcount: 0 });
    expect(p.mine).toMatchObject({ signedUnits: [], canSign: true, canWithdraw: false });
    expect(await refused(call('o-multi', 'withdrawCosign', P))).toBe('NOT_COSIGNED');
    p = ok(await cosign('o-multi')).petition;
    expect(p).toMatchObject({ signedUnitCount: 2, signedHeadcount: 1 });
    expect(await env.storage.count(PETITION_SIGNATURES)).toBe(2); // the same two documents, signed again
  });

  it('measures a building petition against that building’s roster only', async () => {
    const B = { estateId: ESTATE, topicId: TOPIC_IDS.buildingPetition };
    const p = ok(await cosign('o-multi', B)).petition;
    expect(p).toMatchObject({ totalAreaCenti: 10_000, totalHeadcount: 1, signedAreaCenti: 10_000, signedHeadcount: 1, reached: true });
    expect(await refused(cosign('o-a', B))).toBe('PETITION_REACHED');
  });

  it('refuses residents, owners without a unit in scope, other estates’ topics, non-petitions and closed stages, writing nothing', async () => {
    const before = await counts();
    expect(await refused(cosign('o-tenant'))).toBe('FORBIDDEN');
    expect(await refused(cosign('o-pm'))).toBe('FORBIDDEN');
    expect(await refused(cosign('o-committee'))).toBe('NO_UNIT_TO_COSIGN');
    expect(await refused(cosign('o-a', { estateId: ESTATE, topicId: TOPIC_IDS.buildingPetition }))).toBe('NO_UNIT_TO_COSIGN');
    expect(await refused(cosign('o-a', { estateId: ESTATE, topicId: TOPIC_IDS.other }))).toBe('TOPIC_NOT_FOUND');
    expect(await refused(cosign('o-a', { estateId: ESTATE, topicId: TOPIC_IDS.proposed }))).toBe('TOPIC_NOT_PETITION');
    expect(await refused(call('o-a', 'withdrawCosign', P))).toBe('NOT_COSIGNED');
    const t = (await env.storage.get<TopicDoc>(TOPICS, TOPIC_IDS.petition))!;
    await env.storage.transaction((tx) => tx.update<TopicDoc>(TOPICS, t.id, t.version, { ...t.data, stage: 'returned' }));
    expect(await refused(cosign('o-a'))).toBe('PETITION_CLOSED');
    expect(await counts()).toEqual(before);
  });

  it('decides the moment of reaching once under concurrent signatures', async () => {
    const results = await Promise.all(['o-a', 'o-b', 'o-c', 'o-multi', 'o-tiny'].map((o) => cosign(o)));
    const done = results.filter((r) => r.ok).length;
    expect(done).toBeGreaterThanOrEqual(1);
    const refusals = results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code);
    // whoever signs after the petition reached 20 % is told so; no signature is lost silently
    expect(refusals.every((c) => c === 'PETITION_REACHED')).toBe(true);
    const topic = (await env.storage.get<TopicDoc>(TOPICS, TOPIC_IDS.petition))!.data;
    expect(topic.petitionReachedAt).toBeDefined();
    expect(await env.storage.count(OUTBOX)).toBe(2);
    const audit = (await readAuditEvents(env.storage, ESTATE)).map((e) => e.action);
    expect(audit.filter((a) => a === 'topic.petition_reached')).toHaveLength(1);
    expect(audit.filter((a) => a === 'topic.petition_cosigned')).toHaveLength(done);
  });

  it('property: after any sequence of co-signing and withdrawing, the progress equals a recount of the active signatures', async () => {
    const owners = ['o-a', 'o-b', 'o-c', 'o-multi', 'o-tiny'];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...owners), fc.boolean()), { minLength: 1, maxLength: 10 }), async (steps) => {
        const topicId = `t-prop-${++run}`;
        const at = env.clock.now().toISOString();
        await env.storage.transaction((tx) => tx.create(TOPICS, topicId, topicDoc(ESTATE, { stage: 'proposed', petition: true, proposedBy: 'o-a', proposerKind: 'owner' }, at)));
        const input = { estateId: ESTATE, topicId };
        for (const [openid, sign] of steps) {
          const r = await call<PetitionOutput>(openid, sign ? 'cosignPetition' : 'withdrawCosign', input);
          if (!r.ok) expect(['ALREADY_COSIGNED', 'NOT_COSIGNED', 'PETITION_REACHED']).toContain(r.error.code);
        }
        const shown = ok(await call<PetitionOutput>('o-sec', 'getPetition', input)).petition;
        const active = (await env.storage.find<SignatureDoc>(PETITION_SIGNATURES, { where: { topicId, active: true } })).map((d) => d.data);
        const recount = petitionProgress(tallySignatures(active), { areaCenti: 100_000, headcount: 10 });
        expect([shown.signedUnitCount, shown.signedAreaCenti, shown.signedHeadcount]).toEqual([recount.unitCount, recount.areaCenti, recount.headcount]);
        // reached is written exactly when the recount reaches 20 %, and never undone by a withdrawal
        expect(shown.reached).toBe(recount.reached);
      }),
      { numRuns: 4 },
    );
  });

  it('shows progress to any member, and refuses a topic that is no petition', async () => {
    ok(await cosign('o-b'));
    const p = ok(await call<PetitionOutput>('o-tenant', 'getPetition', P)).petition;
    expect(p).toMatchObject({ signedAreaCenti: 10_000, signedHeadcount: 1, thresholdLabel: '20%', mine: { signedUnits: [], canSign: false } });
    expect(await refused(call('o-a', 'getPetition', ref))).toBe('TOPIC_NOT_PETITION');
  });
});

describe('consultation summaries', () => {
  it('counts by stance (owners apart from residents), questions, unanswered and pending reports', async () => {
    ok(await comment('o-a', 'support', '支持，尽快安装。'));
    ok(await comment('o-b', 'support', '支持，南门太挤。'));
    const against = ok(await comment('o-c', 'oppose', '反对，占用消防通道。')).comment;
    ok(await comment('o-tenant', 'support', '租户也支持。'));
    ok(await comment('o-sec', 'suggest', '请大家提位置建议。'));
    const q1 = ok(await ask('o-a', '快递柜放在哪里？')).comment;
    ok(await ask('o-tenant', '租户可以用快递柜吗？'));
    ok(await call('o-sec', 'answerQuestion', { ...ref, commentId: q1.commentId, answer: '南门内侧，不占消防通道。' }));
    ok(await call('o-b', 'reportComment', { ...ref, commentId: against.commentId, reportReason: 'off_topic' }));
    const hiddenOne = ok(await comment('o-multi', 'oppose', '广告：低价装修。')).comment;
    ok(await call('o-staff', 'hideComment', { ...ref, commentId: hiddenOne.commentId, reason: '广告' }));

    const expected = {
      topicId: T,
      stances: { support: 2, oppose: 1, suggest: 0 },
      residentStances: { support: 1, oppose: 0, suggest: 0 },
      organiserStances: { support: 0, oppose: 0, suggest: 1 },
      comments: 5,
      questions: 2,
      unanswered: 1,
      hidden: 1,
      reportsPending: 1,
    };
    const one = ok(await call<TopicDiscussionSummaryOutput>('o-a', 'topicDiscussionSummary', ref));
    expect(one.summary).toEqual(expected);
    expect(one.unanswered.map((q) => [q.text, q.authorLabel])).toEqual([['租户可以用快递柜吗？', '住户']]);

    const console = ok(await call<ConsultationSummariesOutput>('o-sec', 'consultationSummaries', { estateId: ESTATE }));
    expect(console.topics).toEqual([expected]);
    expect(console.unanswered.map((q) => q.topicId)).toEqual([T]);
    expect(await refused(call('o-a', 'consultationSummaries', { estateId: ESTATE }))).toBe('FORBIDDEN');
    expect(ok(await call<TopicDiscussionSummaryOutput>('o-a', 'topicDiscussionSummary', { estateId: ESTATE, topicId: TOPIC_IDS.proposed })).summary.comments).toBe(0);
    expect(await refused(call('o-a', 'topicDiscussionSummary', { estateId: ESTATE, topicId: TOPIC_IDS.other }))).toBe('TOPIC_NOT_FOUND');
  });
});
