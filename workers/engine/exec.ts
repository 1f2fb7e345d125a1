import { RecordBatchReader, Table } from 'apache-arrow';
import type { ColumnTable } from '../../src/lib/engine/types';
import { EngineError } from '../../src/lib/engine/errors';
import { toColumnTable } from './results';

/** The part of duckdb-wasm's synchronous connection this module uses. */
export interface SyncConnection {
  useUnsafe<R>(cb: (bindings: PendingBindings, conn: number) => R): R;
}

/** duckdb-wasm binding calls behind `send()`, driven here so a query can be polled and cancelled. */
export interface PendingBindings {
  startPendingQuery(conn: number, text: string, allowStreamResult: boolean): Uint8Array | null;
  pollPendingQuery(conn: number): Uint8Array | null;
  cancelPendingQuery(conn: number): boolean;
  fetchQueryResults(conn: number): Uint8Array | null;
}

const channel = typeof MessageChannel !== 'undefined' ? new MessageChannel() : null;
const waiting: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();

/** Yields to the event loop without setTimeout's 4 ms clamp, so comlink's cancel messages get in. */
export function yieldNow(): Promise<void> {
  if (!channel) return new Promise((r) => setTimeout(r, 0));
  return new Promise((r) => {
    waiting.push(r);
    channel.port2.postMessage(0);
  });
}

/** Runs SQL through the pending-query API, yielding every ~25 ms; returns the Arrow IPC stream chunks. */
export async function runIpc(
  conn: SyncConnection,
  sql: string,
  isCancelled: () => boolean,
): Promise<Uint8Array[]> {
  let header = conn.useUnsafe((b, c) => b.startPendingQuery(c, sql, false));
  let slice = performance.now();
  while (header === null) {
    if (performance.now() - slice > 25) {
      await yieldNow();
      slice = performance.now();
    }
    if (isCancelled()) {
      conn.useUnsafe((b, c) => b.cancelPendingQuery(c));
      throw new EngineError(
        'CANCELLED',
        'The query was cancelled.',
        'Run it again when you are ready.',
      );
    }
    header = conn.useUnsafe((b, c) => b.pollPendingQuery(c));
  }
  const chunks: Uint8Array[] = [header];
  for (;;) {
    const next = conn.useUnsafe((b, c) => b.fetchQueryResults(c));
    if (!next || next.length === 0) break;
    chunks.push(next);
  }
  return chunks;
}

/** Runs SQL cancellably and returns a plain column table. */
export async function runCancellable(
  conn: SyncConnection,
  sql: string,
  isCancelled: () => boolean,
): Promise<ColumnTable> {
  const chunks = await runIpc(conn, sql, isCancelled);
  const table = new Table(RecordBatchReader.from(chunks));
  return toColumnTable(table as unknown as Parameters<typeof toColumnTable>[0]);
}

/** One Arrow IPC stream (with its end-of-stream marker) from the chunks of runIpc. */
export function ipcStream(chunks: Uint8Array[]): Uint8Array {
  const eos = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
  const all = [...chunks, eos];
  const out = new Uint8Array(all.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
