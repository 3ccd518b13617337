import { DuplicateKeyError, RETRY_BACKOFF_BASE_MS, retryBackoffMs, retryOnConflict, TRANSACTION_ATTEMPTS, VersionConflictError } from '../../server/ports/storage';

/** An attempt that loses `losses` races, then returns 'won'; records when it ran (in injected sleep time). */
function racer(losses: number) {
  const calls: number[] = [];
  let clock = 0;
  const sleep = async (ms: number) => {
    clock += ms;
  };
  const attempt = async () => {
    calls.push(clock);
    if (calls.length <= losses) throw new VersionConflictError('topics', 't1');
    return 'won';
  };
  return { calls, sleep, attempt, slept: () => clock };
}

describe('retryOnConflict', () => {
  it('returns the first success, pausing a random, growing time after each lost race', async () => {
    const r = racer(3);
    const pauses: number[] = [];
    const sleep = async (ms: number) => {
      pauses.push(ms);
      await r.sleep(ms);
    };
    await expect(retryOnConflict(r.attempt, { random: () => 0.5, sleep })).resolves.toBe('won');
    expect(r.calls).toHaveLength(4);
    // half of the ceiling RETRY_BACKOFF_BASE_MS · 2^i after the i-th loss
    expect(pauses).toEqual([1, 2, 3].map((i) => (RETRY_BACKOFF_BASE_MS * 2 ** i) / 2));
  });

  it('keeps every pause inside [0, ceiling) whatever the random source gives', () => {
    for (let i = 1; i <= TRANSACTION_ATTEMPTS; i++) {
      const ceiling = RETRY_BACKOFF_BASE_MS * 2 ** i;
      expect(retryBackoffMs(i, () => 0)).toBe(0);
      expect(retryBackoffMs(i, () => 0.999999)).toBe(ceiling - 1);
      expect(retryBackoffMs(i, () => 0.999999)).toBeLessThan(ceiling);
    }
  });

  it('does not sleep when the pause rounds to zero', async () => {
    const r = racer(2);
    const sleep = jest.fn(r.sleep);
    await expect(retryOnConflict(r.attempt, { random: () => 0, sleep })).resolves.toBe('won');
    expect(sleep).not.toHaveBeenCalled();
    expect(r.calls).toHaveLength(3);
  });

  it(`gives up after ${TRANSACTION_ATTEMPTS} attempts with the conflict, without a pause after the last`, async () => {
    const r = racer(Infinity);
    const sleep = jest.fn(r.sleep);
    await expect(retryOnConflict(r.attempt, { random: () => 0.5, sleep })).rejects.toBeInstanceOf(VersionConflictError);
    expect(r.calls).toHaveLength(TRANSACTION_ATTEMPTS);
    expect(sleep).toHaveBeenCalledTimes(TRANSACTION_ATTEMPTS - 1);
  });

  it('honours an explicit attempt count', async () => {
    const r = racer(Infinity);
    await expect(retryOnConflict(r.attempt, { attempts: 2, sleep: r.sleep })).rejects.toBeInstanceOf(VersionConflictError);
    expect(r.calls).toHaveLength(2);
  });

  it('throws any other error at once, without retrying or sleeping', async () => {
    const sleep = jest.fn(async () => undefined);
    let calls = 0;
    const attempt = async () => {
      calls++;
      throw new DuplicateKeyError('topics', 't1');
    };
    await expect(retryOnConflict(attempt, { sleep })).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(calls).toBe(1);
    expect(sleep).not.toHaveBeenCalled();
  });
});
