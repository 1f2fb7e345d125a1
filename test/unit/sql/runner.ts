/** Test helpers: a SqlRunner over the Node EngineApi, CSV-from-text loading and one-line queries. */
import type { EngineApi, DatasetInfo, IngestOptions } from '../../../src/lib/engine/types';
import { toRows } from '../../../src/lib/engine/rows';
import type { Row, SqlRunner } from '../../../src/lib/report/runner';
import type { BuiltSql } from '../../../src/lib/sql/types';
import { CANONICAL_ACTIONS, type CanonicalAction } from '../../../src/lib/mapping/canonical';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents, type CleaningReport } from '../../../src/lib/report/prepare';
import { generateDemoCsv } from '../../../src/lib/demo/generate';

/** The SqlRunner the report code needs, over an EngineApi (same pattern as engine/smoke2.test.ts). */
export function makeRunner(api: EngineApi): SqlRunner {
  return {
    all: async (q) => {
      const r = await api.query({ id: 'a', sql: q.sql, params: q.params });
      if (!r.ok) throw new Error(`${r.error.message}\n${r.error.detail ?? ''}\n${q.sql}`);
      return toRows(r.value);
    },
    exec: async (q) => {
      const r = await api.exec({ id: 'a', sql: q.sql, params: q.params });
      if (!r.ok) throw new Error(`${r.error.message}\n${r.error.detail ?? ''}\n${q.sql}`);
    },
  };
}

/** Registers CSV text (or bytes) as a dataset; the header line is always taken as a header. */
export async function loadCsv(
  api: EngineApi,
  text: string | Uint8Array,
  name = 'x.csv',
  opts: IngestOptions = {},
): Promise<DatasetInfo> {
  const r = await api.registerFiles([new File([text as BlobPart], name)], {
    ...opts,
    csv: { header: true, ...opts.csv },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Runs a plain query and returns its rows. */
export async function rows(
  runner: SqlRunner,
  sql: string,
  params: BuiltSql['params'] = [],
): Promise<Row[]> {
  return runner.all({ sql, params });
}

/** Every canonical action mapped to itself: fixtures write canonical action names directly. */
export const IDENTITY_ACTIONS = Object.fromEntries(CANONICAL_ACTIONS.map((a) => [a, a])) as Record<
  string,
  CanonicalAction
>;

/** The demo generator's columns, mapped onto the canonical ones (actions are canonical names). */
export const DEMO_MAPPING: Mapping = {
  ...emptyMapping(),
  columns: {
    user_id: 'user_id',
    ts: 'event_time',
    action: 'action',
    brand: 'brand',
    category: 'category',
    channel: 'channel',
    source: 'source',
    amount: 'amount',
    order_id: 'order_id',
    duration_s: 'duration_s',
  },
  actions: IDENTITY_ACTIONS,
};

/**
 * Generates `events` demo events, loads and prepares them (DOMAIN.md §1), and returns the cleaning
 * report and the brand with the most rows (ties by name).
 */
export async function loadDemoEvents(
  api: EngineApi,
  runner: SqlRunner,
  events: number,
): Promise<{ report: CleaningReport; topBrand: string }> {
  const ds = await loadCsv(api, [...generateDemoCsv({ events })].join(''), `demo-${events}.csv`);
  const report = await prepareEvents(runner, ds.table, ds.columns, DEMO_MAPPING);
  const [top] = await rows(
    runner,
    `SELECT brand, count(*) AS n FROM events WHERE brand IS NOT NULL
     GROUP BY brand ORDER BY n DESC, brand LIMIT 1`,
  );
  return { report, topBrand: String(top.brand) };
}
