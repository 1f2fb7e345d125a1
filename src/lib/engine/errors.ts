/** Stable error codes that cross the worker boundary. */
export type EngineErrorCode =
  | 'INIT'
  | 'EMPTY_FILE'
  | 'HEADER_ONLY'
  | 'NOT_CSV'
  | 'UNSUPPORTED_FORMAT'
  | 'BAD_GZIP'
  | 'BAD_PARQUET'
  | 'LAYOUT_MISMATCH'
  | 'CSV_PARSE'
  | 'MAPPING'
  | 'CONFIG'
  | 'SQL'
  | 'OOM'
  | 'CANCELLED'
  | 'UNKNOWN';

/** Plain, structured-cloneable error shape used across comlink. */
export interface EngineErrorData {
  code: EngineErrorCode;
  message: string;
  hint: string;
  detail?: string;
}

/** An error with a user-facing message and hint; never raw engine text on its own. */
export class EngineError extends Error implements EngineErrorData {
  readonly code: EngineErrorCode;
  readonly hint: string;
  readonly detail?: string;
  constructor(code: EngineErrorCode, message: string, hint: string, detail?: string) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.hint = hint;
    this.detail = detail;
  }
  /** Plain copy for postMessage. */
  toData(): EngineErrorData {
    return { code: this.code, message: this.message, hint: this.hint, detail: this.detail };
  }
}

/** Marks an encoded error when it crosses the boundary as a return value. */
export const ERROR_TAG = '__assetflowError';

/** True when a value is an encoded engine error. */
export function isEngineErrorData(v: unknown): v is EngineErrorData {
  return typeof v === 'object' && v !== null && 'code' in v && 'message' in v && 'hint' in v;
}

/** Maps any thrown value (DuckDB text, JS errors) onto an EngineError with a hint. */
export function toEngineError(e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  if (isEngineErrorData(e)) return new EngineError(e.code, e.message, e.hint, e.detail);
  const text = e instanceof Error ? e.message : String(e);
  if (
    /out of memory|Out of Memory|could not allocate|memory access out of bounds|Maximum call stack/i.test(
      text,
    )
  ) {
    return new EngineError(
      'OOM',
      'The browser ran out of memory for this analysis.',
      'Restart the engine (your files are read again and your settings stay), then try a shorter date range, fewer files, or the command-line tool for very large data.',
      text,
    );
  }
  if (/INTERRUPT|interrupted|cancel/i.test(text)) {
    return new EngineError(
      'CANCELLED',
      'The query was cancelled.',
      'Run it again when you are ready.',
      text,
    );
  }
  if (/gzip|zlib|inflate|compressed/i.test(text)) {
    return new EngineError(
      'BAD_GZIP',
      'The compressed file could not be read: it looks truncated or corrupt.',
      'Re-download or re-compress the file, or load the uncompressed CSV.',
      text,
    );
  }
  if (/CSV|sniff|Invalid Input Error/i.test(text)) {
    return new EngineError(
      'CSV_PARSE',
      'The file could not be read as a table.',
      'Check that it is a CSV with one header line and a consistent delimiter; set the delimiter and header by hand in the import options.',
      text,
    );
  }
  return new EngineError(
    'SQL',
    'The query failed.',
    'Show the SQL of this view and check the mapping; if it persists, reset the engine.',
    text,
  );
}
