import { progressView } from '../../src/lib/progress';
import { chipClass, roleTone, stageTone, statusTone, TONES } from '../../src/lib/status-tone';
import { ROLES } from '../../types/common';
import { stepAriaLabel, timelineSteps } from '../../src/lib/timeline';
import { TOPIC_MAIN_PATH, TOPIC_STAGE_LABELS, TOPIC_STAGES } from '../../types/topics';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('progress bar with a threshold line', () => {
  it('turnout against 2/3: 19 of 30 is not enough, 20 is', () => {
    const below = progressView({ value: 19, total: 30, threshold: 2 / 3 });
    expect(below.reached).toBe(false);
    expect(below.missing).toBe(1);
    expect(below.thresholdPercent).toBe(66.7);
    expect(below.fillPercent).toBe(63.3);
    expect(below.label).toBe('19 / 30（63%）');
    expect(below.thresholdLabel).toBe('需达到 2/3（20）');
    const at = progressView({ value: 20, total: 30, threshold: 2 / 3 });
    expect(at.reached).toBe(true);
    expect(at.missing).toBe(0);
  });

  it('never rounds up into "reached": 66.6…% of 1000 needs 667', () => {
    expect(progressView({ value: 666, total: 1000, threshold: 2 / 3 }).reached).toBe(false);
    expect(progressView({ value: 666, total: 1000, threshold: 2 / 3 }).label).toBe('666 / 1000（66%）');
    expect(progressView({ value: 667, total: 1000, threshold: 2 / 3 }).reached).toBe(true);
  });

  it('half: exactly 50% reaches 1/2', () => {
    expect(progressView({ value: 5, total: 10, threshold: 1 / 2 }).reached).toBe(true);
    expect(progressView({ value: 5, total: 10, threshold: 1 / 2 }).thresholdLabel).toBe('需达到 1/2（5）');
  });

  it('clamps nonsense: zero total, negative or too large values, no threshold', () => {
    const empty = progressView({ value: 3, total: 0, threshold: 2 / 3 });
    expect(empty.fillPercent).toBe(0);
    expect(empty.reached).toBe(false);
    expect(progressView({ value: -4, total: 10 }).fillPercent).toBe(0);
    expect(progressView({ value: 40, total: 10 }).fillPercent).toBe(100);
    const none = progressView({ value: 4, total: 10 });
    expect(none.thresholdPercent).toBeNull();
    expect(none.thresholdLabel).toBe('');
    expect(none.reached).toBe(false);
  });
});

describe('chip tones', () => {
  it('gives every topic stage a tone that has a style', () => {
    const css = readFileSync(join(__dirname, '..', '..', 'src', 'styles', 'components.css'), 'utf8');
    for (const t of TONES) expect(css).toContain(`.chip.tone-${t}`);
    for (const s of TOPIC_STAGES) expect(TONES).toContain(stageTone(s));
    expect(stageTone('voting')).toBe('warning');
    expect(stageTone('closed')).toBe('neutral');
  });

  it('maps request statuses, unknown ones to neutral', () => {
    expect(statusTone('pending')).toBe('warning');
    expect(statusTone('approved')).toBe('success');
    expect(statusTone('rejected')).toBe('danger');
    expect(statusTone('something-new')).toBe('neutral');
    expect(chipClass('success', 'status-chip')).toBe('chip tone-success status-chip');
  });

  it('gives party roles the brand colour and every other role blue', () => {
    expect(roleTone('party_secretary')).toBe('brand');
    expect(roleTone('party_member')).toBe('brand');
    for (const r of ROLES.filter((x) => !x.startsWith('party_'))) expect(roleTone(r)).toBe('info');
  });
});

describe('stage timeline', () => {
  it('marks earlier stages done, the current one current, later ones todo', () => {
    const steps = timelineSteps(TOPIC_MAIN_PATH, TOPIC_STAGE_LABELS, 'voting');
    expect(steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'current', 'todo', 'todo', 'todo', 'todo', 'todo']);
    expect(steps[3].label).toBe(TOPIC_STAGE_LABELS.voting);
    expect(stepAriaLabel(steps[3], 3, steps.length)).toBe(`第 4 步，共 9 步：${TOPIC_STAGE_LABELS.voting}（进行中）`);
  });

  it('all done when finished; an unknown stage marks nothing done', () => {
    expect(timelineSteps(TOPIC_MAIN_PATH, TOPIC_STAGE_LABELS, 'closed', true).every((s) => s.state === 'done')).toBe(true);
    expect(timelineSteps(TOPIC_MAIN_PATH, TOPIC_STAGE_LABELS, 'nope').every((s) => s.state === 'todo')).toBe(true);
  });
});
