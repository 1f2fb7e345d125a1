import type { ColumnInfo, CsvOptions } from '../engine/types';
import { quoteIdent, quoteLiteral } from './ident';
import { plain, type BuiltSql } from './types';

/**
 * Types the loader may infer. Dates and timestamps are deliberately left as text: DOMAIN.md §1
 * parses offsets itself (DuckDB-WASM has no ICU), and numeric ids keep their leading zeros.
 */
export const AUTO_TYPES = ['BOOLEAN', 'BIGINT', 'DOUBLE', 'VARCHAR'];

const list = (xs: string[]) => `[${xs.map(quoteLiteral).join(', ')}]`;

/** Decodes the `columns` text of buildSniffCsvSql (name US type, RS-separated; no JSON in DuckDB-WASM). */
export function parseSniffedColumns(text: string): ColumnInfo[] {
  if (!text) return [];
  return text.split('\u001e').map((part) => {
    const [name, type] = part.split('\u001f');
    return { name, type };
  });
}

/** Reads the dialect and proposed types of a CSV (file paths are literals: table functions take no params). */
export function buildSniffCsvSql(
  paths: string[],
  opts: CsvOptions & { compression?: string } = {},
): BuiltSql {
  const o: string[] = [
    `sample_size=20480`,
    `auto_type_candidates=${list(AUTO_TYPES)}`,
    `null_padding=true`,
  ];
  if (opts.delimiter) o.push(`delim=${quoteLiteral(opts.delimiter)}`);
  if (opts.header !== undefined) o.push(`header=${opts.header}`);
  if (opts.quote) o.push(`quote=${quoteLiteral(opts.quote)}`);
  if (opts.encoding) o.push(`encoding=${quoteLiteral(opts.encoding)}`);
  if (opts.compression) o.push(`compression=${quoteLiteral(opts.compression)}`);
  return plain(
    `SELECT "Delimiter" AS delimiter, "Quote" AS quote, "HasHeader" AS header, array_to_string(list_transform("Columns", x -> x.name || chr(31) || x.type), chr(30)) AS columns FROM sniff_csv(${quoteLiteral(paths[0])}, ${o.join(', ')})`,
  );
}

/** Dialect + column types that fully determine how a CSV is read. */
export interface CsvReadSpec {
  paths: string[];
  delimiter: string;
  quote: string;
  header: boolean;
  columns: ColumnInfo[];
  allVarchar?: boolean;
  encoding?: string;
  /** 'gzip' or 'none', decided from the file's bytes, never from its name. */
  compression?: string;
}

/** The `read_csv(...)` table expression for a fully specified dialect (no auto-detection). */
export function buildReadCsvExpr(spec: CsvReadSpec): string {
  const cols = spec.columns
    .map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(spec.allVarchar ? 'VARCHAR' : c.type)}`)
    .join(', ');
  const o = [
    `auto_detect=false`,
    `delim=${quoteLiteral(spec.delimiter)}`,
    `quote=${quoteLiteral(spec.quote === '(empty)' ? '"' : spec.quote)}`,
    `escape=${quoteLiteral(spec.quote === '(empty)' ? '"' : spec.quote)}`,
    `header=${spec.header}`,
    `columns={${cols}}`,
    `null_padding=true`,
  ];
  if (spec.encoding) o.push(`encoding=${quoteLiteral(spec.encoding)}`);
  if (spec.compression) o.push(`compression=${quoteLiteral(spec.compression)}`);
  const files = spec.paths.length === 1 ? quoteLiteral(spec.paths[0]) : list(spec.paths);
  return `read_csv(${files}, ${o.join(', ')})`;
}

/**
 * Per candidate column of a text-stored table: values with a leading zero (`007`, must stay text),
 * values that do not parse as the sniffed type, and one such value as an example.
 */
export function buildTypeCheckSql(table: string, candidates: ColumnInfo[]): BuiltSql {
  const parts = candidates.flatMap((c, i) => {
    const q = quoteIdent(c.name);
    const numeric = /INT|DOUBLE|FLOAT|DECIMAL/i.test(c.type);
    const v = `NULLIF(trim(${q}), '')`;
    return [
      numeric
        ? `count_if(regexp_matches(${v}, '^[+-]?0[0-9]'))::BIGINT AS z${i}`
        : `0::BIGINT AS z${i}`,
      `count_if(${v} IS NOT NULL AND TRY_CAST(${v} AS ${c.type}) IS NULL)::BIGINT AS b${i}`,
      `min(${v}) FILTER (WHERE ${v} IS NOT NULL AND TRY_CAST(${v} AS ${c.type}) IS NULL) AS e${i}`,
    ];
  });
  return plain(`SELECT ${parts.join(', ')} FROM ${quoteIdent(table)}`);
}

/** Creates (or appends to) the dataset table from a CSV read spec. */
export function buildLoadCsvSql(table: string, spec: CsvReadSpec, append: boolean): BuiltSql {
  const src = buildReadCsvExpr(spec);
  return plain(
    append
      ? `INSERT INTO ${quoteIdent(table)} SELECT * FROM ${src}`
      : `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM ${src}`,
  );
}

/** Dataset columns. */
export function buildDescribeSql(table: string): BuiltSql {
  return plain(
    `SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${quoteIdent(table)})`,
  );
}

/** First rows of a table, every value as text. */
export function buildPreviewSql(table: string, columns: ColumnInfo[], limit = 20): BuiltSql {
  const sel = columns.map((c, i) => `CAST(${quoteIdent(c.name)} AS VARCHAR) AS c${i}`).join(', ');
  return { sql: `SELECT ${sel} FROM ${quoteIdent(table)} ORDER BY rowid LIMIT ?`, params: [limit] };
}

/** Row count of a table. */
export function buildCountSql(table: string): BuiltSql {
  return plain(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`);
}

/** The most frequent distinct values of one column, as trimmed text. */
export function buildDistinctValuesSql(table: string, column: string, limit = 500): BuiltSql {
  return {
    sql: `SELECT trim(CAST(${quoteIdent(column)} AS VARCHAR)) AS value, count(*)::BIGINT AS n FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT ?`,
    params: [limit],
  };
}

/**
 * A query whose text columns are safe to open in a spreadsheet (for CSV written by the engine):
 * a value starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, the
 * rule `csvCell` applies to tables exported from the page. Numbers are left alone.
 */
export function buildCsvSafeSql(q: BuiltSql, textColumns: string[]): BuiltSql {
  if (!textColumns.length) return q;
  const safe = textColumns
    .map((c) => {
      const col = quoteIdent(c);
      return `CASE WHEN regexp_matches(${col}, '^[=+\\-@\\t\\r]') THEN '''' || ${col} ELSE ${col} END AS ${col}`;
    })
    .join(', ');
  return { sql: `SELECT * REPLACE (${safe}) FROM (${q.sql})`, params: q.params };
}
