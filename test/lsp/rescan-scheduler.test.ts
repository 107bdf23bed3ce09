/**
 * A config-file edit reloads and rescans once the edits pause (debounce), and never while another rescan of the
 * same folder runs (single flight): the run under way is cancelled and one more follows it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RescanScheduler, type RescanTimers, type RescanToken } from '../../server/src/lsp/rescan-scheduler';

/** Timers advanced by hand. */
class FakeTimers implements RescanTimers {
  private next = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  now = 0;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.pending]) {
      if (timer.at <= this.now) {
        this.pending.delete(id);
        timer.callback();
      }
    }
  }
}

/** A run that stays open until released, recording the tokens it got and how many ran at once. */
function controlledRuns() {
  const tokens: RescanToken[] = [];
  const releases: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const run = (token: RescanToken) => {
    tokens.push(token);
    active++;
    maxActive = Math.max(maxActive, active);
    return new Promise<void>((resolve) => {
      releases.push(() => {
        active--;
        resolve();
      });
    });
  };
  return { run, tokens, releases, maxActive: () => maxActive };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('config reload scheduling', () => {
  test('a burst of keystrokes runs one reload, after the quiet period', async () => {
    const timers = new FakeTimers();
    const runs = controlledRuns();
    const scheduler = new RescanScheduler(runs.run, 300, timers);
    for (let i = 0; i < 20; i++) {
      scheduler.request();
      timers.advance(50);
    }
    assert.equal(runs.tokens.length, 0, 'nothing runs while typing continues');
    timers.advance(300);
    assert.equal(runs.tokens.length, 1);
    runs.releases[0]();
    await scheduler.idle();
    assert.equal(runs.tokens.length, 1);
  });

  test('an edit during a run cancels it; one more run follows, never two at once', async () => {
    const timers = new FakeTimers();
    const runs = controlledRuns();
    const scheduler = new RescanScheduler(runs.run, 300, timers);
    scheduler.request();
    timers.advance(300);
    assert.equal(runs.tokens.length, 1);
    scheduler.request();
    assert.equal(runs.tokens[0].isCancellationRequested, true, 'the stale run is told to stop');
    timers.advance(300);
    scheduler.request();
    timers.advance(300);
    assert.equal(runs.tokens.length, 1, 'the next run waits for the one under way');
    runs.releases[0]();
    await flush();
    assert.equal(runs.tokens.length, 2, 'the requests made meanwhile run once');
    assert.equal(runs.tokens[1].isCancellationRequested, false);
    runs.releases[1]();
    await scheduler.idle();
    assert.equal(runs.tokens.length, 2);
    assert.equal(runs.maxActive(), 1);
  });

  test('a run that throws does not stop later reloads', async () => {
    const timers = new FakeTimers();
    let calls = 0;
    const scheduler = new RescanScheduler(async () => {
      calls++;
      throw new Error('disk gone');
    }, 10, timers);
    scheduler.request();
    timers.advance(10);
    await scheduler.idle();
    scheduler.request();
    timers.advance(10);
    await scheduler.idle();
    assert.equal(calls, 2);
    assert.equal(scheduler.busy, false);
  });
});
