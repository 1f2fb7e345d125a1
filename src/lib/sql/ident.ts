/** Quotes an SQL identifier (column or table name) for DuckDB, doubling embedded quotes. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal for DuckDB. Only for DDL where `?` params are not accepted. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Turns any file name into a safe table-name slug: lower-case ascii, digits and `_`. */
export function slug(name: string): string {
  const base = name
    .replace(/\.(csv|tsv|txt|parquet|pq)(\.gz)?$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return base || 'data';
}
