/** A built statement: SQL text plus positional `?` params. */
export interface BuiltSql {
  sql: string;
  params: (string | number | boolean | null)[];
}

/** Wraps SQL that has no params. */
export function plain(sql: string): BuiltSql {
  return { sql, params: [] };
}
