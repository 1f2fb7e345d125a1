import type { EngineErrorData } from './errors';

/** Progress of the wasm download / instantiate step. */
export interface InitProgress {
  phase: 'download' | 'instantiate' | 'ready';
  bytesLoaded: number;
  bytesTotal: number;
}

/** What the engine reports once it is ready. */
export interface EngineInfo {
  duckdbVersion: string;
  bundle: 'eh' | 'mvp' | 'node';
  initMs: number;
}

/** One column of a dataset or a query result. */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** Progress while a file is being scanned. */
export interface IngestProgress {
  phase: 'sniff' | 'load' | 'decode' | 'done';
  file: string;
  fileIndex: number;
  fileCount: number;
  /** 0…1 where known (Parquet row groups), otherwise null. */
  fraction: number | null;
  rows: number | null;
  elapsedMs: number;
}

/** The delimiter/header/type choices for CSV, detected or overridden by the user. */
export interface CsvOptions {
  delimiter?: string;
  header?: boolean;
  quote?: string;
  /** Column types forced by the user, by column name. */
  types?: Record<string, string>;
  /** Text encoding: utf-8 (default), latin-1 or utf-16. */
  encoding?: string;
  /** Load every column as text. */
  allVarchar?: boolean;
}

/** Options for registering files as one dataset. */
export interface IngestOptions {
  csv?: CsvOptions;
  /** Dataset label shown in the UI; defaults to the first file's name. */
  label?: string;
}

/** What the CSV sniffer found (and what was used). */
export interface CsvDialect {
  delimiter: string;
  quote: string;
  header: boolean;
  /** Types the sniffer proposed, before leading-zero and timestamp overrides. */
  sniffedTypes: ColumnInfo[];
}

/** A registered dataset: one or several files of the same layout in one table. */
export interface DatasetInfo {
  table: string;
  label: string;
  files: { name: string; bytes: number; rows: number }[];
  format: 'csv' | 'parquet';
  rows: number;
  bytes: number;
  /** Columns as stored (CSV columns are stored as the text that was read). */
  columns: ColumnInfo[];
  /** Types to show the user: sniffed for CSV (leading-zero and mixed columns stay text), stored for Parquet. */
  detectedTypes: ColumnInfo[];
  dialect: CsvDialect | null;
  warnings: string[];
  /** First rows as text, for the preview table. */
  preview: (string | null)[][];
  loadMs: number;
}

/** Column-major result; only plain arrays cross the boundary. */
export interface ColumnTable {
  columns: ColumnInfo[];
  data: Record<string, (number | string | boolean | null)[]>;
  rowCount: number;
}

/** A query request: values always travel as `?` params. */
export interface QueryRequest {
  id: string;
  sql: string;
  params?: (string | number | boolean | null)[];
}

/** A result or an encoded error; comlink cannot carry Error subclasses faithfully. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: EngineErrorData };

/** The whole worker API, implemented by workers/engine/api.ts. */
export interface EngineApi {
  init(onProgress?: (p: InitProgress) => void): Promise<Result<EngineInfo>>;
  registerFiles(
    files: File[],
    opts?: IngestOptions,
    onProgress?: (p: IngestProgress) => void,
  ): Promise<Result<DatasetInfo>>;
  /** Generates the seeded demo dataset on the device and registers it. */
  loadDemo(
    opts?: { seed?: number; events?: number },
    onProgress?: (p: IngestProgress) => void,
  ): Promise<Result<DatasetInfo>>;
  describe(table: string): Promise<Result<ColumnInfo[]>>;
  query(req: QueryRequest): Promise<Result<ColumnTable>>;
  /** Runs statements that return nothing (CREATE TABLE … AS). */
  exec(req: QueryRequest): Promise<Result<null>>;
  cancel(id: string): Promise<boolean>;
  exportQuery(sql: string, format: 'csv' | 'parquet'): Promise<Result<Uint8Array>>;
  dropDataset(table: string): Promise<Result<null>>;
  reset(): Promise<Result<null>>;
}
