/**
 * How long the server waits after a change before it analyses a document (the debounce), per document.
 *
 * The wait follows what an analysis of that document costs: about as long as its recent analyses took, between
 * `MIN_ANALYSIS_DELAY_MS` and `MAX_ANALYSIS_DELAY_MS`. A keystroke that arrives within the wait replaces the pending
 * run at no cost, so while someone types without pause at most about half of the server's time goes to texts that
 * are typed over; when they stop, diagnostics follow after one wait and one analysis. A small file waits the minimum;
 * a file whose analysis takes 150 ms or more waits what every file used to wait.
 */

export const MIN_ANALYSIS_DELAY_MS = 25;
export const MAX_ANALYSIS_DELAY_MS = 150;
/** Analyses remembered per document; their median sets the wait, so one slow run (a GC pause) does not. */
const REMEMBERED_ANALYSES = 5;

/**
 * Resolves once the messages that arrived while the event loop was busy (an analysis runs synchronously) have been
 * handled: one turn of the loop reads them from the stream, the next runs the connection's queue, which dispatches
 * with setImmediate too. A publication that waits for this sees the editor's latest version.
 */
export function afterPendingMessages(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

export class AnalysisDelay {
  private readonly recentMs: number[] = [];

  /** An analysis of the document took `ms` (wall time, the engine's whole run). */
  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.recentMs.push(ms);
    if (this.recentMs.length > REMEMBERED_ANALYSES) this.recentMs.shift();
  }

  /** The wait before the next analysis, in milliseconds. Before any analysis was timed, the longest wait. */
  current(): number {
    if (this.recentMs.length === 0) return MAX_ANALYSIS_DELAY_MS;
    const sorted = [...this.recentMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return Math.round(Math.min(MAX_ANALYSIS_DELAY_MS, Math.max(MIN_ANALYSIS_DELAY_MS, median)));
  }
}
