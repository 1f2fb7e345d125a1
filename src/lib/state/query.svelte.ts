import { getEngine } from '../engine/client';
import { toEngineError, type EngineErrorData } from '../engine/errors';
import type { SqlRunner } from '../report/runner';

/**
 * One view's data: the newest request wins. Each request's statements carry one id; a newer
 * request cancels the older id (its running statement stops, queued ones never start) and
 * results or errors of stale requests are dropped (STYLE.md §4 "Queries"). The user can cancel
 * the request in force (`cancel`) and run it again (`retry`).
 */
export class QueryResource<S, T> {
  data = $state<T | null>(null);
  error = $state<EngineErrorData | null>(null);
  loading = $state(false);
  /** True after the user cancelled the request in force (until the next one starts). */
  cancelled = $state(false);
  /** performance.now() when the request in force started. */
  startedAt = $state(0);
  private request = 0;
  private spec: S | null = null;

  constructor(
    private readonly name: string,
    private readonly compute: (runner: SqlRunner, spec: S) => Promise<T>,
  ) {}

  /** Starts a request for `spec`, cancelling the previous one. */
  run(spec: S): void {
    const mine = ++this.request;
    const engine = getEngine();
    if (mine > 1) engine.cancelRequest(`${this.name}-${mine - 1}`).catch(() => {});
    this.spec = spec;
    this.loading = true;
    this.cancelled = false;
    this.error = null;
    this.startedAt = performance.now();
    this.compute(engine.runner(this.name, `${this.name}-${mine}`), spec)
      .then((r) => {
        if (mine === this.request) this.data = r;
      })
      .catch((e) => {
        const err = toEngineError(e);
        if (mine === this.request && err.code !== 'CANCELLED') this.error = err.toData();
      })
      .finally(() => {
        if (mine === this.request) this.loading = false;
      });
  }

  /** Stops the request in force: its running statement stops and the rest never start. */
  cancel(): void {
    if (!this.loading) return;
    const id = `${this.name}-${this.request}`;
    // A new request number makes the stopped one stale, so its late answer is dropped.
    this.request++;
    getEngine()
      .cancelRequest(id)
      .catch(() => {});
    this.loading = false;
    this.cancelled = true;
  }

  /** Runs the last request again (after a cancel, an error, or an engine restart). */
  retry(): void {
    if (this.spec !== null) this.run(this.spec);
  }
}
