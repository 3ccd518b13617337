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

/**
 * The system clock plus an offset that only moves forward: the local gateway's clock when GONGYI_DEV_CLOCK=1, so a
 * browser test can let a voting window run out (POST /dev/clock) without waiting for it. Never in cloudbase mode.
 */
export class ShiftedClock implements Clock {
  private offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number) {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('a shifted clock only moves forward');
    this.offsetMs += ms;
  }
}
