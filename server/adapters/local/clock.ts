import type { Clock } from '../../ports';

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and move forward; deadlines are then checked at exact instants. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now() {
    return new Date(this.t);
  }
  set(to: Date | string) {
    this.t = new Date(to).getTime();
  }
  advance(ms: number) {
    this.t += ms;
  }
}
