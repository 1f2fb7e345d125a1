import { getEngine } from '../engine/client';
import { toEngineError, type EngineErrorData } from '../engine/errors';
import type { SqlRunner } from '../report/runner';

/**
 * One view's data: the newest request wins. Each request's statements carry one id; a newer
 * request cancels the older id (its running statement stops, queued ones never start) and
 * results or errors of stale requests are dropped (STYLE.md §4 "Queries").
 */
export class QueryResource<S, T> {
  data = $state<T | null>(null);
  error = $state<EngineErrorData | null>(null);
  loading = $state(false);
  private request = 0;

  constructor(
    private readonly name: string,
    private readonly compute: (runner: SqlRunner, spec: S) => Promise<T>,
  ) {}

  /** Starts a request for `spec`, cancelling the previous one. */
  run(spec: S): void {
    const mine = ++this.request;
    const engine = getEngine();
    if (mine > 1) engine.cancelRequest(`${this.name}-${mine - 1}`).catch(() => {});
    this.loading = true;
    this.error = null;
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
}
