import type { BuiltSql } from './types';
import { quoteLiteral } from './ident';

/** Renders one param as a DuckDB literal. Non-finite numbers are rejected, never spliced. */
export function literal(v: string | number | boolean | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Parameter ${v} is not a finite number`);
    // Parenthesised so that `10-?` never becomes the comment `10--3`.
    return v < 0 || Object.is(v, -0) ? `(${v})` : String(v);
  }
  return quoteLiteral(v);
}

/**
 * Replaces each `?` placeholder (outside string literals, quoted identifiers and comments) with
 * its literal. Used to run a statement through duckdb-wasm's cancellable pending-query path, which
 * takes no bind values, and to show the user the exact SQL behind a view.
 */
export function inlineParams(q: BuiltSql): string {
  const { sql, params } = q;
  let out = '';
  let k = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      const end = j < 0 ? sql.length : j;
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      const end = j < 0 ? sql.length : j + 2;
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '?') {
      if (k >= params.length)
        throw new Error(`SQL has more placeholders than the ${params.length} params given`);
      out += literal(params[k++]);
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  if (k !== params.length)
    throw new Error(`SQL has ${k} placeholders but ${params.length} params were given`);
  return out;
}
