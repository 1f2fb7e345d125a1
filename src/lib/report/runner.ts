import type { BuiltSql } from '../sql/types';

/** A JSON-safe row: numbers, strings, booleans and nulls only. */
export type Row = Record<string, number | string | boolean | null>;

/**
 * The one thing the shared report code needs from an engine. The worker (DuckDB-WASM) and the CLI
 * (native DuckDB) both implement it, so one SQL text and one assembly serve the tab and the CLI.
 */
export interface SqlRunner {
  all(q: BuiltSql): Promise<Row[]>;
  exec(q: BuiltSql): Promise<void>;
}

/** Converts engine values (bigint, Date, decimals as objects) into JSON-safe ones. */
export function normalizeValue(v: unknown): number | string | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** Reads a number column value (counts arrive as bigint or double depending on the engine). */
export function num(v: unknown): number {
  const n = normalizeValue(v);
  return typeof n === 'number' ? n : n === null ? 0 : Number(n);
}
