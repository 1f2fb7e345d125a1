import type { BuiltSql } from './types';

/** Rows of a console result sent to the page (the rest stays in the engine). */
export const CONSOLE_ROW_LIMIT = 1000;

const READS = /^(select|with|from|values|table|summarize|describe|show|pivot|unpivot)\b/i;

/** Trims whitespace and trailing semicolons. */
function trimStatement(text: string): string {
  return text.trim().replace(/(;\s*)+$/, '');
}

/**
 * The SQL console's statement. A query is wrapped so that at most `limit` + 1 rows leave the
 * engine (the extra row tells the page there are more); anything else (SET, CREATE, …) runs as
 * written. Returns null for an empty text.
 */
export function buildConsoleSql(text: string, limit = CONSOLE_ROW_LIMIT): BuiltSql | null {
  const stmt = trimStatement(text);
  if (!stmt) return null;
  const head = stmt.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '');
  if (READS.test(head) && !stmt.includes(';'))
    return { sql: `SELECT * FROM (\n${stmt}\n) AS console LIMIT ${limit + 1}`, params: [] };
  return { sql: stmt, params: [] };
}
