import * as Comlink from 'comlink';
import { EngineError } from './errors';
import type {
  ColumnTable,
  DatasetInfo,
  EngineApi,
  EngineInfo,
  IngestOptions,
  IngestProgress,
  InitProgress,
  Result,
} from './types';
import type { BuiltSql } from '../sql/types';
import type { SqlRunner } from '../report/runner';
import { toRows } from './rows';

function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new EngineError(r.error.code, r.error.message, r.error.hint, r.error.detail);
}

type Registered = (
  { kind: 'files'; files: File[]; opts?: IngestOptions } | { kind: 'demo'; events?: number }
) & { table: string };

/**
 * The main thread's only door to data: a lazily started worker behind comlink. Remembers the
 * files it registered so that cancel-by-restart and reset can replay them (duckdb-wasm#384).
 */
export class EngineClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<EngineApi> | null = null;
  private ready: Promise<EngineInfo> | null = null;
  private registered: Registered[] = [];
  private seq = 0;
  private running = new Set<string>();
  private pending = new Set<() => void>();
  /** Bumped by cancel(): calls that started before it give up once the engine is ready. */
  private epoch = 0;
  onInitProgress: (p: InitProgress) => void = () => {};

  /** Starts the worker and DuckDB once. */
  init(): Promise<EngineInfo> {
    if (!this.ready) {
      this.worker = new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'assetflow-engine',
      });
      this.api = Comlink.wrap<EngineApi>(this.worker);
      const started: Promise<EngineInfo> = this.api
        .init(Comlink.proxy((p: InitProgress) => this.onInitProgress(p)))
        .then((r) => unwrap(r as Result<EngineInfo>));
      this.ready = started;
      started.catch(() => {
        if (this.ready === started) this.ready = null;
      });
      return started;
    }
    return this.ready;
  }

  private async remote(): Promise<Comlink.Remote<EngineApi>> {
    const epoch = this.epoch;
    await this.init();
    if (epoch !== this.epoch)
      throw new EngineError(
        'CANCELLED',
        'Cancelled before it started.',
        'Run it again when you are ready.',
      );
    return this.api as Comlink.Remote<EngineApi>;
  }

  /** Settles a worker call, or rejects it as cancelled when the worker is terminated first. */
  private guard<T>(p: Promise<unknown>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const abort = () =>
        reject(
          new EngineError(
            'CANCELLED',
            'Stopped: the engine was restarted.',
            'Run it again when you are ready.',
          ),
        );
      this.pending.add(abort);
      p.then((v) => resolve(v as T), reject).finally(() => this.pending.delete(abort));
    });
  }

  private terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
    this.ready = null;
    for (const abort of [...this.pending]) abort();
    this.pending.clear();
  }

  /** Registers user files (read lazily from their handles) as one dataset. */
  async registerFiles(
    files: File[],
    opts?: IngestOptions,
    onProgress?: (p: IngestProgress) => void,
  ): Promise<DatasetInfo> {
    const api = await this.remote();
    const info = unwrap(
      await this.guard<Result<DatasetInfo>>(
        api.registerFiles(files, opts, onProgress ? Comlink.proxy(onProgress) : undefined),
      ),
    );
    this.registered.push({ kind: 'files', files, opts, table: info.table });
    return info;
  }

  /** Generates and registers the demo dataset inside the worker. */
  async loadDemo(events?: number, onProgress?: (p: IngestProgress) => void): Promise<DatasetInfo> {
    const api = await this.remote();
    const info = unwrap(
      await this.guard<Result<DatasetInfo>>(
        api.loadDemo({ events }, onProgress ? Comlink.proxy(onProgress) : undefined),
      ),
    );
    this.registered.push({ kind: 'demo', events, table: info.table });
    return info;
  }

  /** Runs a query; `id` lets a newer request of the same view cancel this one. */
  async query(q: BuiltSql, id = `q${++this.seq}`): Promise<ColumnTable> {
    const api = await this.remote();
    this.running.add(id);
    try {
      return unwrap(
        await this.guard<Result<ColumnTable>>(api.query({ id, sql: q.sql, params: q.params })),
      );
    } finally {
      this.running.delete(id);
    }
  }

  /** Runs a statement that returns nothing. */
  async exec(q: BuiltSql, id = `x${++this.seq}`): Promise<void> {
    const api = await this.remote();
    this.running.add(id);
    try {
      unwrap(await this.guard<Result<null>>(api.exec({ id, sql: q.sql, params: q.params })));
    } finally {
      this.running.delete(id);
    }
  }

  /**
   * Stops what is running. The worker stops a running statement between polls; when it has nothing
   * it can stop (still starting, or busy in one step) but calls are in flight, the worker is
   * restarted and the registered files replayed. Returns true when it restarted.
   */
  async cancel(id = '*'): Promise<boolean> {
    this.epoch++;
    if (!this.api) return false;
    const stopped = await Promise.race([
      this.api.cancel(id),
      new Promise<boolean>((r) => setTimeout(() => r(false), 1500)),
    ]);
    if (stopped || this.pending.size === 0) return false;
    await this.restart();
    return true;
  }

  /** Terminates the worker (frees all wasm memory) and replays the registered files. */
  async restart(): Promise<DatasetInfo[]> {
    this.terminate();
    const replay = this.registered;
    this.registered = [];
    const out: DatasetInfo[] = [];
    for (const r of replay) {
      out.push(
        r.kind === 'files'
          ? await this.registerFiles(r.files, r.opts)
          : await this.loadDemo(r.events),
      );
    }
    return out;
  }

  /** Forgets every dataset and frees memory. */
  async reset(): Promise<void> {
    this.registered = [];
    this.terminate();
  }

  /** Exports a query result as CSV or Parquet bytes. */
  async exportQuery(sql: string, format: 'csv' | 'parquet'): Promise<Uint8Array> {
    const api = await this.remote();
    return unwrap(await api.exportQuery(sql, format));
  }

  /** Drops one dataset table. */
  async dropDataset(table: string): Promise<void> {
    const api = await this.remote();
    unwrap(await api.dropDataset(table));
    this.registered = this.registered.filter((r) => r.table !== table);
  }

  /**
   * A SqlRunner for the shared report code. With `id`, every statement carries that id, so
   * cancelRequest(id) stops the running one and any that follow.
   */
  runner(prefix = 'r', id?: string): SqlRunner {
    return {
      all: async (q) => toRows(await this.query(q, id ?? `${prefix}${++this.seq}`)),
      exec: (q) => this.exec(q, id ?? `${prefix}${++this.seq}`),
    };
  }

  /** Marks a view's request as stale: its running statement stops, queued ones never start. */
  async cancelRequest(id: string): Promise<void> {
    if (this.api) await this.api.cancel(id);
  }
}

let engine: EngineClient | null = null;

/** The app's single engine client. */
export function getEngine(): EngineClient {
  return (engine ??= new EngineClient());
}
