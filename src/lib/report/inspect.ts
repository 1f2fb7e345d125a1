import type { ColumnInfo, DatasetInfo } from '../engine/types';
import type { Mapping } from '../mapping/config';
import { detectMapping, type Detection } from '../mapping/detect';
import { buildDistinctValuesSql, buildPreviewSql } from '../sql/csv';
import { prepareEvents, type CleaningReport } from './prepare';
import { runOverview, type Overview } from './overview';
import { num, type SqlRunner } from './runner';

/** Raw action values with their row counts, for the mapping editor. */
export interface ActionValue {
  value: string;
  rows: number;
}

/** Detection plus the raw action values it looked at. */
export interface DatasetDetection extends Detection {
  actionValues: ActionValue[];
}

/** Samples a dataset table and detects its layout and mapping. */
export async function detectDataset(
  runner: SqlRunner,
  table: string,
  columns: ColumnInfo[],
): Promise<DatasetDetection> {
  const sample = (await runner.all(buildPreviewSql(table, columns, 200))).map((r) =>
    Object.fromEntries(
      columns.map((c, i) => [c.name, r[`c${i}`] === null ? null : String(r[`c${i}`])]),
    ),
  );
  const first = detectMapping(columns, sample);
  const actionCol = first.mapping.columns.action;
  const actionValues = actionCol ? await listActionValues(runner, table, actionCol) : [];
  const det =
    first.layout === 'generic' && actionCol
      ? detectMapping(
          columns,
          sample,
          actionValues.map((a) => a.value),
        )
      : first;
  return { ...det, actionValues };
}

/** The most frequent raw values of the action column. */
export async function listActionValues(
  runner: SqlRunner,
  table: string,
  column: string,
): Promise<ActionValue[]> {
  return (await runner.all(buildDistinctValuesSql(table, column, 1000))).map((r) => ({
    value: String(r.value),
    rows: num(r.n),
  }));
}

/** The `assetflow inspect` document; the browser builds the same one for the same file. */
export interface InspectReport {
  layout: string;
  mapping: Mapping;
  reasons: string[];
  columns: ColumnInfo[];
  meta: CleaningReport;
  overview: Overview;
}

/** Detects (unless a mapping is given), builds `events`, and reports the overview. */
export async function inspectDataset(
  runner: SqlRunner,
  table: string,
  columns: ColumnInfo[],
  mapping?: Mapping,
  detection?: Detection,
): Promise<InspectReport> {
  const det = detection ?? (mapping ? null : await detectDataset(runner, table, columns));
  const used = mapping ?? (det as Detection).mapping;
  const meta = await prepareEvents(runner, table, columns, used);
  const overview = await runOverview(runner, meta.moneyAvailable);
  return {
    layout: det?.layout ?? used.layout,
    mapping: used,
    reasons: det?.reasons ?? ['mapping from config'],
    columns,
    meta,
    overview,
  };
}

/** The JSON document of `assetflow inspect` and of the tab's "Download JSON". */
export function inspectDocument(ds: DatasetInfo, report: InspectReport) {
  return {
    dataset: {
      label: ds.label,
      files: ds.files,
      rows: ds.rows,
      format: ds.format,
      warnings: ds.warnings,
    },
    ...report,
  };
}
