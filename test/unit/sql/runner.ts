/** Test helpers: a SqlRunner over the Node EngineApi, CSV-from-text loading and one-line queries. */
import type { EngineApi, DatasetInfo, IngestOptions } from '../../../src/lib/engine/types';
import { toRows } from '../../../src/lib/engine/rows';
import type { Row, SqlRunner } from '../../../src/lib/report/runner';
import type { BuiltSql } from '../../../src/lib/sql/types';
import { CANONICAL_ACTIONS, type CanonicalAction } from '../../../src/lib/mapping/canonical';

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
