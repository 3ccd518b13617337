/**
 * Review regressions of the topic state machine (server/core/deliberation/topic.ts): a reached petition (指导规则
 * Art. 21) may not be made to disappear by the organisers through any move before it has been announced.
 */
import fc from 'fast-check';
import { checkMove, type TopicCaller, type TopicState } from '../../server/core/deliberation/topic';
import { TOPIC_MOVES, type TopicStage } from '../../types/topics';

const T0 = Date.parse('2026-11-23T02:00:00.000Z');
const PROPOSER = 'owner-1';
const ORGANISERS: TopicCaller[] = [
  { openid: 'secretary', prereviewer: true, organiser: true },
  { openid: 'committee', prereviewer: false, organiser: true },
];

describe('a reached petition before its announcement', () => {
  it('is never withdrawn, returned or rejected by an organiser who did not propose it', () => {
    fc.assert(
      fc.property(fc.constantFrom<TopicStage>('proposed', 'returned', 'consultation'), fc.constantFrom(...TOPIC_MOVES), fc.constantFrom(...ORGANISERS), (stage, move, who) => {
        const topic: TopicState = { stage, proposedBy: PROPOSER, petition: true, petitionReachedAt: new Date(T0).toISOString(), items: [{}], planVersion: 1 };
        const r = checkMove(topic, move, who, T0);
        if (move === 'withdraw' || move === 'return' || move === 'reject') expect(r).not.toBeNull();
      }),
    );
  });

  it('may still be withdrawn by its proposer, and by organisers once announced (cancelling the notice)', () => {
    const reached: TopicState = { stage: 'consultation', proposedBy: PROPOSER, petition: true, petitionReachedAt: new Date(T0).toISOString(), items: [{}], planVersion: 1 };
    expect(checkMove(reached, 'withdraw', { openid: PROPOSER, prereviewer: false, organiser: false }, T0)).toBeNull();
    expect(checkMove(reached, 'withdraw', ORGANISERS[1], T0)).toEqual({ code: 'TOPIC_PETITION_PROTECTED', params: {} });
    const announced: TopicState = { ...reached, stage: 'announced', announcement: { votingOpensAt: new Date(T0 + 15 * 86_400_000).toISOString(), votingClosesAt: new Date(T0 + 25 * 86_400_000).toISOString() } };
    expect(checkMove(announced, 'withdraw', ORGANISERS[1], T0)).toBeNull();
    // not reached: organisers may withdraw as before
    expect(checkMove({ ...reached, petitionReachedAt: undefined }, 'withdraw', ORGANISERS[1], T0)).toBeNull();
  });
});
