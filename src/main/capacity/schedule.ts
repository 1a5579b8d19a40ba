// When to run a forecasting pass: at start, when new data arrives (at most every 10 minutes,
// every minute while some target still lacks history, e.g. during the first backfill), and
// when capacity.yaml changes. One pass at a time; the UI hears of each finished pass.
import type { ComputeResult } from './compute';

export interface CapacityPassRunner {
  /** Runs one pass over every source; resolves with each source's result. */
  run(now: number): Promise<ComputeResult[]>;
  close(): Promise<void>;
}

export interface SchedulerOptions {
  runner: CapacityPassRunner;
  now: () => number;
  /** Told after each pass (push the `capacity` topic). */
  onPass: (results: ComputeResult[]) => void;
  onError: (message: string) => void;
  /** Stamp of the thresholds file: a change forces a pass. */
  configStamp: () => string;
  /** Whether the newest stored forecasts still have rows without one. */
  incomplete: () => boolean;
  settledIntervalMs?: number;
  fillingIntervalMs?: number;
}

export class CapacityScheduler {
  private running: Promise<void> | null = null;
  private lastRun: number | null = null;
  private lastStamp: string | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  lastError: string | null = null;

  constructor(private readonly o: SchedulerOptions) {
    // Re-check now and then even without a push (clock-driven: forecasts age, live scores fall due).
    this.timer = setInterval(() => this.kick(), 60_000);
    this.timer.unref();
  }

  computing(): boolean {
    return this.running !== null;
  }

  /** New data or a timer tick: run a pass if one is due. */
  kick(force = false): void {
    if (this.closed) return;
    const now = this.o.now();
    const stamp = this.o.configStamp();
    const interval = this.o.incomplete() ? (this.o.fillingIntervalMs ?? 60_000) : (this.o.settledIntervalMs ?? 600_000);
    const due = force || this.lastRun === null || stamp !== this.lastStamp || now - this.lastRun >= interval;
    if (!due) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.lastRun = now;
    this.lastStamp = stamp;
    this.running = this.o.runner
      .run(now)
      .then(
        (results) => {
          this.lastError = null;
          this.o.onPass(results);
        },
        (err: unknown) => {
          this.lastError = err instanceof Error ? err.message : String(err);
          this.o.onError(this.lastError);
        },
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when the pass under way (if any) is done — for tests. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.o.runner.close();
  }
}
