/** Reading user files before SQL sees them: what kind a file is, gzip integrity, Parquet row groups. */
import { EngineError } from '../../src/lib/engine/errors';

/** The text of a thrown value. */
export const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Row-group access to a Parquet file (parquet-wasm in the tab, the same package in Node tests). */
export interface ParquetSource {
  numRowGroups: number;
  numRows: number;
  /** Arrow IPC stream bytes for one row group. */
  readRowGroup(i: number): Promise<Uint8Array>;
  free(): void;
}

/** The parquet-wasm ParquetFile surface used to read row groups. */
export interface ParquetFileLike {
  metadata(): { numRowGroups(): number; rowGroup(i: number): { numRows(): number } };
  read(opts: { rowGroups: number[]; batchSize: number }): Promise<{ intoIPCStream(): Uint8Array }>;
  free(): void;
}

/** Row groups are decoded one at a time with large batches: 5-6x faster than 1,024-row batches (STACK-NOTES.md). */
export const PARQUET_BATCH_ROWS = 122_880;

/** Wraps a parquet-wasm file as a row-group source (the tab and the Node tests share this). */
export function parquetSource(f: ParquetFileLike): ParquetSource {
  const md = f.metadata();
  const groups = md.numRowGroups();
  let rows = 0;
  for (let i = 0; i < groups; i++) rows += md.rowGroup(i).numRows();
  return {
    numRowGroups: groups,
    numRows: rows,
    readRowGroup: async (i) =>
      (await f.read({ rowGroups: [i], batchSize: PARQUET_BATCH_ROWS })).intoIPCStream(),
    free: () => f.free(),
  };
}

/** What a file holds, by its bytes. */
export type Kind = 'csv' | 'csv.gz' | 'parquet';

const MAGIC: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or an Excel .xlsx workbook)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel/Office document'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x42, 0x5a, 0x68], 'a bzip2 archive'],
  [[0xfd, 0x37, 0x7a, 0x58], 'an xz archive'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd archive'],
];

const startsWith = (b: Uint8Array, m: number[]) => m.every((x, i) => b[i] === x);

/** Classifies a file by its first bytes (never by name alone) and finds its text encoding. */
export async function classifyFile(
  file: Blob & { name: string },
): Promise<{ kind: Kind; encoding?: string }> {
  if (file.size === 0)
    throw new EngineError(
      'EMPTY_FILE',
      `"${file.name}" is empty (0 bytes).`,
      'Export the data again: a file needs a header line and at least one data row.',
    );
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return { kind: 'parquet' };
  if (startsWith(head, [0x1f, 0x8b])) return { kind: 'csv.gz' };
  for (const [m, what] of MAGIC)
    if (startsWith(head, m))
      throw new EngineError(
        'NOT_CSV',
        `"${file.name}" is not a data table: it looks like ${what}.`,
        'Drop a CSV file (optionally gzipped, .csv.gz) or a Parquet file. Save spreadsheets as CSV and unpack archives first.',
      );
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]))
    return { kind: 'csv', encoding: 'utf-16' };
  let zeros = 0;
  let ctrl = 0;
  for (const b of head) {
    if (b === 0) zeros++;
    else if (b < 9 || (b > 13 && b < 32)) ctrl++;
  }
  if (zeros > 0 || ctrl > head.length * 0.05)
    throw new EngineError(
      'NOT_CSV',
      `"${file.name}" is not a text table: it contains binary data.`,
      'Drop a CSV file (optionally gzipped, .csv.gz) or a Parquet file.',
    );
  return { kind: 'csv' };
}

/** Reads a gzip stream to its end: DuckDB silently loads the readable part of a truncated file. */
export async function checkGzip(file: Blob & { name: string }): Promise<void> {
  if (typeof DecompressionStream === 'undefined') return;
  try {
    const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
  } catch (e) {
    throw new EngineError(
      'BAD_GZIP',
      `"${file.name}" could not be decompressed: the gzip data is truncated or corrupt.`,
      'Download or compress the file again, or load the uncompressed CSV.',
      errText(e),
    );
  }
}
