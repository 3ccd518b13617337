/** Steps of a stage timeline (a topic's stages, a request's progress): which are done, current, still to come. */
export type StepState = 'done' | 'current' | 'todo';
export interface TimelineStep {
  key: string;
  label: string;
  state: StepState;
}

/**
 * `order` lists the stage keys in order; `current` is where things stand. Everything before it is done,
 * everything after is to come. An unknown `current` marks nothing current (all todo), never all done.
 * `finished`: the last stage is over too (e.g. archived), so every step counts as done.
 */
export function timelineSteps(
  order: readonly string[],
  labels: Readonly<Record<string, string>>,
  current: string,
  finished = false,
): TimelineStep[] {
  const at = order.indexOf(current);
  return order.map((key, i) => ({
    key,
    label: labels[key] ?? key,
    state: at < 0 ? 'todo' : finished || i < at ? 'done' : i === at ? 'current' : 'todo',
  }));
}

/** What a screen reader says for a step: '第 2 步，共 5 步：讨论中（进行中）'. */
export function stepAriaLabel(step: TimelineStep, index: number, count: number): string {
  const state = step.state === 'done' ? '已完成' : step.state === 'current' ? '进行中' : '未开始';
  return `第 ${index + 1} 步，共 ${count} 步：${step.label}（${state}）`;
}
