import type {
  ColumnInfo,
  ColumnTable,
  CsvDialect,
  DatasetInfo,
  IngestOptions,
  IngestProgress,
} from '../../src/lib/engine/types';
import { EngineError } from '../../src/lib/engine/errors';
import { quoteIdent, slug } from '../../src/lib/sql/ident';
import { checkGzip, classifyFile, errText, type Kind, type ParquetSource } from './files';
import {
  buildCountSql,
  buildDescribeSql,
  buildLoadCsvSql,
  buildPreviewSql,
  buildSniffCsvSql,
  parseSniffedColumns,
  type CsvReadSpec,
} from '../../src/lib/sql/csv';
import type { BuiltSql } from '../../src/lib/sql/types';
import { toRows } from '../../src/lib/engine/rows';
import { checkUnsplitRows, detectTypes, runCsv } from './csv-checks';

/** What ingestion needs from the engine. */
export interface IngestContext {
  run(q: BuiltSql): Promise<ColumnTable>;
  /** Makes a file readable by SQL; returns the path to use in `read_csv`. */
  registerFile(name: string, file: Blob): Promise<string>;
  /** Native engines read Parquet themselves (the CLI); the tab decodes it with parquet-wasm. */
  loadParquetNative?(path: string, table: string, create: boolean): Promise<number>;
  dropFile(name: string): void;
  insertArrow(ipc: Uint8Array, table: string, create: boolean): void;
  openParquet(file: Blob): Promise<ParquetSource>;
  nextId(): number;
  /** True once the user asked to stop this load. */
  isCancelled?(): boolean;
}

function internalName(id: number, file: { name: string }, kind: Kind): string {
  const ext = kind === 'parquet' ? 'parquet' : kind === 'csv.gz' ? 'csv.gz' : 'csv';
  return `f${id}_${slug(file.name)}.${ext}`;
}

function sameLayout(a: ColumnInfo[], b: ColumnInfo[]): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i].name);
}

/** Loads one or several files of one layout into a new dataset table. */
export async function ingestFiles(
  ctx: IngestContext,
  files: (Blob & { name: string })[],
  opts: IngestOptions = {},
  onProgress: (p: IngestProgress) => void = () => {},
): Promise<DatasetInfo> {
  if (files.length === 0)
    throw new EngineError(
      'EMPTY_FILE',
      'No file was given.',
      'Choose one or more CSV or Parquet files.',
    );
  const t0 = performance.now();
  const label = opts.label ?? files[0].name;
  const table = `ds_${slug(label)}_${ctx.nextId()}`;
  const kinds = await Promise.all(files.map((f) => classifyFile(f)));
  const isParquet = kinds.map((k) => k.kind === 'parquet');
  if (isParquet.some((p) => p) && !isParquet.every((p) => p))
    throw new EngineError(
      'LAYOUT_MISMATCH',
      'CSV and Parquet files cannot be combined into one dataset.',
      'Load them one format at a time, or convert them to one format.',
    );
  const warnings: string[] = [];
  const fileInfo: DatasetInfo['files'] = [];
  const registered: string[] = [];
  let dialect: CsvDialect | null = null;
  let detected: ColumnInfo[] | null = null;
  try {
    const progress = (
      p: Partial<IngestProgress> & { phase: IngestProgress['phase']; fileIndex: number },
    ) =>
      onProgress({
        file: files[p.fileIndex]?.name ?? '',
        fileCount: files.length,
        fraction: null,
        rows: null,
        elapsedMs: performance.now() - t0,
        ...p,
      });

    if (isParquet[0] && ctx.loadParquetNative) {
      for (let fi = 0; fi < files.length; fi++) {
        const path = await ctx.registerFile(
          internalName(ctx.nextId(), files[fi], 'parquet'),
          files[fi],
        );
        progress({ phase: 'decode', fileIndex: fi });
        try {
          const n = await ctx.loadParquetNative(path, table, fi === 0);
          fileInfo.push({ name: files[fi].name, bytes: files[fi].size, rows: n });
        } catch (e) {
          if (fi > 0 && /column|mismatch|type/i.test(errText(e)))
            throw new EngineError(
              'LAYOUT_MISMATCH',
              `"${files[fi].name}" does not have the same columns as "${files[0].name}".`,
              'Load files with different layouts one at a time.',
              errText(e),
            );
          throw new EngineError(
            'BAD_PARQUET',
            `"${files[fi].name}" could not be read as Parquet: it looks truncated or corrupt.`,
            'Export the file again, or save it as CSV.',
            errText(e),
          );
        }
      }
    } else if (isParquet[0]) {
      let total = 0;
      for (let fi = 0; fi < files.length; fi++) {
        let src: ParquetSource;
        try {
          src = await ctx.openParquet(files[fi]);
        } catch (e) {
          throw new EngineError(
            'BAD_PARQUET',
            `"${files[fi].name}" could not be read as Parquet: it looks truncated or corrupt.`,
            'Export the file again, or save it as CSV.',
            errText(e),
          );
        }
        try {
          for (let g = 0; g < src.numRowGroups; g++) {
            if (ctx.isCancelled?.())
              throw new EngineError(
                'CANCELLED',
                'Loading was cancelled.',
                'Drop the file again when you are ready.',
              );
            progress({
              phase: 'decode',
              fileIndex: fi,
              fraction: src.numRowGroups ? g / src.numRowGroups : null,
              rows: total,
            });
            let ipc: Uint8Array;
            try {
              ipc = await src.readRowGroup(g);
            } catch (e) {
              throw new EngineError(
                'BAD_PARQUET',
                `"${files[fi].name}" could not be decoded (row group ${g + 1} of ${src.numRowGroups}).`,
                'The file may be truncated or use a type Assetflow cannot read; export it again or save it as CSV.',
                errText(e),
              );
            }
            try {
              ctx.insertArrow(ipc, table, fi === 0 && g === 0);
            } catch (e) {
              if (fi > 0)
                throw new EngineError(
                  'LAYOUT_MISMATCH',
                  `"${files[fi].name}" does not have the same columns as "${files[0].name}".`,
                  'Load files with different layouts one at a time.',
                  errText(e),
                );
              throw new EngineError(
                'BAD_PARQUET',
                `"${files[fi].name}" has a column type Assetflow cannot read.`,
                'Convert that column to text or a plain number (for example, half-precision floats to double) and export again, or save the file as CSV.',
                errText(e),
              );
            }
          }
          fileInfo.push({ name: files[fi].name, bytes: files[fi].size, rows: src.numRows });
          total += src.numRows;
        } finally {
          src.free();
        }
      }
    } else {
      const paths: string[] = [];
      for (let fi = 0; fi < files.length; fi++) {
        if (kinds[fi].kind === 'csv.gz') await checkGzip(files[fi]);
        paths.push(
          await ctx.registerFile(internalName(ctx.nextId(), files[fi], kinds[fi].kind), files[fi]),
        );
      }
      registered.push(...paths);
      let encoding = opts.csv?.encoding ?? kinds[0].encoding;
      const compression = kinds[0].kind === 'csv.gz' ? 'gzip' : 'none';
      if (kinds.some((k) => k.kind !== kinds[0].kind))
        throw new EngineError(
          'LAYOUT_MISMATCH',
          `"${files[kinds.findIndex((k) => k.kind !== kinds[0].kind)].name}" is ${kinds[0].kind === 'csv.gz' ? 'not' : ''} gzipped unlike "${files[0].name}".`,
          'Load them one at a time, or compress (or decompress) them all.',
        );
      const sniff = async (fi: number) => {
        progress({ phase: 'sniff', fileIndex: fi });
        const t = toRows(
          await runCsv(ctx, buildSniffCsvSql([paths[fi]], { ...opts.csv, encoding, compression })),
        )[0];
        const cols = parseSniffedColumns(String(t.columns ?? ''));
        return {
          delimiter: String(t.delimiter),
          quote: String(t.quote),
          header: Boolean(t.header),
          cols,
        };
      };
      let first;
      try {
        first = await sniff(0);
      } catch (e) {
        if (/unicode|utf-?8|byte sequence/i.test(errText(e)) && !encoding) {
          encoding = 'latin-1';
          warnings.push(
            `"${files[0].name}" is not valid UTF-8; it was read as Latin-1. If characters look wrong, re-export the file as UTF-8.`,
          );
          first = await sniff(0);
        } else throw csvError(files[0].name, e);
      }
      const userTypes = opts.csv?.types ?? {};
      const renamed = first.cols.filter(
        (c) =>
          /_\d+$/.test(c.name) && first.cols.some((o) => o.name === c.name.replace(/_\d+$/, '')),
      );
      if (renamed.length)
        warnings.push(
          `Some column names repeat; the copies were renamed: ${renamed.map((c) => c.name).join(', ')}.`,
        );
      for (let fi = 1; fi < files.length; fi++) {
        const other = await sniff(fi);
        if (!sameLayout(other.cols, first.cols))
          throw new EngineError(
            'LAYOUT_MISMATCH',
            `"${files[fi].name}" does not have the same columns as "${files[0].name}".`,
            'Load files with different layouts one at a time.',
          );
      }
      const spec: CsvReadSpec = {
        paths,
        delimiter: opts.csv?.delimiter ?? first.delimiter,
        quote: opts.csv?.quote ?? first.quote,
        header: opts.csv?.header ?? first.header,
        // Stored as the text that was read (DOMAIN.md §1 compares duplicates as text); only
        // user-forced types are converted while loading.
        columns: first.cols.map((c) => ({ name: c.name, type: userTypes[c.name] ?? 'VARCHAR' })),
        encoding,
        compression,
      };
      progress({ phase: 'load', fileIndex: 0 });
      const loadAll = async () => {
        for (let fi = 0; fi < files.length; fi++) {
          progress({ phase: 'load', fileIndex: fi });
          await runCsv(ctx, buildLoadCsvSql(table, { ...spec, paths: [paths[fi]] }, fi > 0));
          const n = Number(toRows(await ctx.run(buildCountSql(table)))[0]?.n ?? 0);
          fileInfo.push({
            name: files[fi].name,
            bytes: files[fi].size,
            rows: n - fileInfo.reduce((a, f) => a + f.rows, 0),
          });
        }
      };
      try {
        await loadAll();
      } catch (e) {
        const text = errText(e);
        if (/CANCELLED|cancel|INTERRUPT/i.test(text)) throw e;
        fileInfo.length = 0;
        if (
          /Conversion|Could not convert|conversion/i.test(text) &&
          Object.keys(userTypes).length
        ) {
          warnings.push(
            `Some values did not fit the types you chose (${Object.entries(userTypes)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ')}), so those columns were loaded as text.`,
          );
          spec.columns = first.cols.map((c) => ({ name: c.name, type: 'VARCHAR' }));
          await loadAll();
        } else if (/unicode|utf-?8|byte sequence/i.test(text) && !spec.encoding) {
          spec.encoding = 'latin-1';
          warnings.push(
            `"${files[0].name}" is not valid UTF-8; it was read as Latin-1. If characters look wrong, re-export the file as UTF-8.`,
          );
          await loadAll();
        } else throw csvError(files[0].name, e);
      }
      if (spec.columns.length > 1 && !opts.csv?.delimiter)
        await checkUnsplitRows(ctx, table, spec, files[0].name, warnings);
      detected = await detectTypes(ctx, table, first.cols, userTypes, warnings);
      dialect = {
        delimiter: spec.delimiter,
        quote: spec.quote,
        header: spec.header,
        sniffedTypes: first.cols,
      };
    }
    const columns = toRows(await ctx.run(buildDescribeSql(table))).map((r) => ({
      name: String(r.name),
      type: String(r.type),
    }));
    const rows = Number(toRows(await ctx.run(buildCountSql(table)))[0]?.n ?? 0);
    if (rows === 0)
      throw new EngineError(
        'HEADER_ONLY',
        `"${files[0].name}" has column names but no data rows.`,
        'Export the data again with its rows; Assetflow needs at least one event.',
      );
    const prev = await ctx.run(buildPreviewSql(table, columns));
    const preview = toRows(prev).map((r) =>
      columns.map((_c, i) => (r[`c${i}`] === null ? null : String(r[`c${i}`]))),
    );
    progress({ phase: 'done', fileIndex: files.length - 1, fraction: 1, rows });
    return {
      detectedTypes: detected ?? columns,
      table,
      label,
      files: fileInfo,
      format: isParquet[0] ? 'parquet' : 'csv',
      rows,
      bytes: files.reduce((a, f) => a + f.size, 0),
      columns,
      dialect,
      warnings,
      preview,
      loadMs: Math.round(performance.now() - t0),
    };
  } catch (e) {
    try {
      await ctx.run({ sql: `DROP TABLE IF EXISTS ${quoteIdent(table)}`, params: [] });
    } catch {
      // the engine itself failed; nothing more to clean
    }
    throw e;
  } finally {
    for (const p of registered) ctx.dropFile(p);
  }
}

function csvError(name: string, e: unknown): EngineError {
  const text = errText(e);
  if (e instanceof EngineError) return e;
  if (/gzip|zlib|inflate|compress/i.test(text))
    return new EngineError(
      'BAD_GZIP',
      `"${name}" could not be decompressed: the gzip data looks truncated or corrupt.`,
      'Download or compress the file again, or load the uncompressed CSV.',
      text,
    );
  if (/CANCELLED|cancel|INTERRUPT/i.test(text))
    return new EngineError(
      'CANCELLED',
      'Loading was cancelled.',
      'Drop the file again when you are ready.',
      text,
    );
  return new EngineError(
    'CSV_PARSE',
    `"${name}" could not be read as a CSV table.`,
    'Check that it has one header line and one delimiter throughout; set the delimiter and header by hand in the import options and try again.',
    text,
  );
}
