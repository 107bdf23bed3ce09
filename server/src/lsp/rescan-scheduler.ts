/**
 * Debounce and single flight for the work a config-file edit starts (reload the config, re-analyse open
 * documents, rescan the workspace). A burst of keystrokes in `prompt-cost.config.json` runs the work once,
 * after the burst; an edit during a run cancels that run and starts one more after it ends, so two scans of
 * one folder never write its results at the same time.
 */

export interface RescanToken {
  readonly isCancellationRequested: boolean;
}

export interface RescanTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: RescanTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class RescanScheduler {
  private timer: unknown = undefined;
  private running: Promise<void> | null = null;
  private token: { isCancellationRequested: boolean } | null = null;
  private again = false;

  constructor(
    private readonly run: (token: RescanToken) => Promise<void>,
    private readonly delayMs: number,
    private readonly timers: RescanTimers = realTimers,
  ) {}

  /** A change happened: (re)start the quiet period; the work runs when it ends. */
  request(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    // The run under way is already stale.
    if (this.token) this.token.isCancellationRequested = true;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, this.delayMs);
  }

  /** Settles when no run is under way or due. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** True while a run is under way. */
  get busy(): boolean {
    return this.running !== null;
  }

  private start(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    const token = { isCancellationRequested: false };
    this.token = token;
    this.running = (async () => {
      try {
        await this.run(token);
      } catch {
        // A failed rescan leaves the last results; the next change tries again.
      } finally {
        this.running = null;
        this.token = null;
        if (this.again) {
          this.again = false;
          this.start();
        }
      }
    })();
  }
}
