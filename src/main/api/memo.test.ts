import { describe, expect, it } from 'vitest';
import { memoByVersion, sharedBuild } from './memo';

describe('memoByVersion', () => {
  it('recomputes exactly when the version changes', () => {
    let version = 1;
    let computed = 0;
    const get = memoByVersion(() => version, () => ++computed);
    expect([get(), get(), get()]).toEqual([1, 1, 1]);
    version = 2;
    expect([get(), get()]).toEqual([2, 2]);
    expect(computed).toBe(2);
  });
});

describe('sharedBuild', () => {
  const deferred = <T>() => {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };

  it('concurrent callers share one in-flight build; a changed key builds again and the next caller sees it', async () => {
    let key = 1;
    let now = 0;
    const pending: { resolve: (v: number) => void }[] = [];
    const shared = sharedBuild({ key: () => key, now: () => now, maxAgeMs: 10_000 }, () => {
      const d = deferred<number>();
      pending.push(d);
      return d.promise;
    });
    const answers = Array.from({ length: 50 }, () => shared.get());
    expect(shared.builds()).toBe(1);
    pending[0]!.resolve(1);
    expect(new Set(await Promise.all(answers))).toEqual(new Set([1]));
    expect(await shared.get()).toBe(1);
    expect(shared.builds()).toBe(1);
    key = 2;
    const next = shared.get();
    expect(shared.builds()).toBe(2);
    pending[1]!.resolve(2);
    expect(await next).toBe(2);
    now = 5;
    expect(await shared.get()).toBe(2);
    expect(shared.builds()).toBe(2);
  });

  it('a key change during a build is not hidden by that build finishing', async () => {
    let key = 1;
    const pending: { resolve: (v: string) => void }[] = [];
    const shared = sharedBuild({ key: () => key, now: () => 0, maxAgeMs: 10_000 }, () => {
      const d = deferred<string>();
      pending.push(d);
      return d.promise;
    });
    const first = shared.get();
    key = 2; // an acknowledgement written while the queue was being built
    const second = shared.get();
    pending[0]!.resolve('before the ack');
    pending[1]!.resolve('with the ack');
    expect(await first).toBe('before the ack');
    expect(await second).toBe('with the ack');
    expect(await shared.get()).toBe('with the ack');
  });

  it('ages out: slightly old answers are served while one refresh runs, much older ones are waited for', async () => {
    let now = 0;
    let n = 0;
    const shared = sharedBuild({ key: () => 'k', now: () => now, maxAgeMs: 1_000 }, async () => ++n);
    expect(await shared.get()).toBe(1);
    now = 1_500;
    expect(await shared.get()).toBe(1);
    await Promise.resolve();
    expect(await shared.get()).toBe(2);
    now = 10_000;
    expect(await shared.get()).toBe(3);
  });

  it('an instant named by the answer ends it early; a failed build is not kept', async () => {
    let now = 0;
    let fail = true;
    const shared = sharedBuild({ key: () => 'k', now: () => now, maxAgeMs: 60_000, validUntil: (v) => (v as { until: number }).until }, async () => {
      if (fail) throw new Error('journal busy');
      return { until: 100, at: now };
    });
    await expect(shared.get()).rejects.toThrow('journal busy');
    fail = false;
    expect((await shared.get()).at).toBe(0);
    now = 50;
    expect((await shared.get()).at).toBe(0);
    // The snooze it shows ends at 100: not served from then on, although it is young.
    now = 100;
    expect((await shared.get()).at).toBe(100);
  });
});
