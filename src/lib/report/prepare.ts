import type { ColumnInfo } from '../engine/types';
import type { Mapping } from '../mapping/config';
import {
  buildOrdersTableSql,
  buildRefundsTableSql,
  buildUnlinkedRefundsSql,
} from '../sql/analysis/events';
import {
  buildDropDuplicatesSql,
  buildDropStagedSql,
  buildDuplicateRowsSql,
  buildDeleteDuplicatesSql,
  buildEventsInPlaceSql,
  buildRowIdEndSql,
  STAGE_CHUNK_ROWS,
  buildPurchaseAmountCoverageSql,
  buildStagedEventsSql,
  buildStatusCountsSql,
  buildUnmappedValuesSql,
  buildOutOfRangeDatesSql,
  buildUnreadableAmountsSql,
} from '../sql/analysis/staging';
import { num, type SqlRunner } from './runner';

/** What the DOMAIN.md §1 cleaning rules did, with counts (`rows` is before cleaning). */
export interface CleaningReport {
  rows: number;
  droppedDuplicates: number;
  droppedInvalid: number;
  invalid: {
    missingUser: number;
    missingTs: number;
    badTs: number;
    namedZone: number;
    missingAction: number;
  };
  unmappedActions: number;
  unmappedValues: { value: string; rows: number }[];
  excludedReturns: number;
  unlinkedRefunds: number;
  events: number;
  /** Money metrics exist: an amount column is mapped and not empty on every purchase row. */
  moneyAvailable: boolean;
  warnings: string[];
}

/** Builds `events`, orders and refund links from a dataset table, and reports the cleaning. */
export async function prepareEvents(
  runner: SqlRunner,
  table: string,
  columns: ColumnInfo[],
  mapping: Mapping,
): Promise<CleaningReport> {
  // Memory (DuckDB-WASM's heap only grows, and cannot pass 4 GB): duplicates are found on row
  // hashes, the rows are staged in file order a few row groups per statement, and `events` is made
  // from the staged table in place, without a sort or a copy. With the compressed database
  // (workers/engine/api.ts), the heap's high-water mark for load + prepare + overview of the demo
  // Parquet fell from 515 MB to 172 MB at 1M events and from 2,439 MB to 515 MB at 5M; 10M now
  // takes 611 MB and 50M 2,827 MB (10M ran out of memory in the tab before). Same report, same
  // `events` (content and order), same orders and refunds. See the builders for the steps, and
  // `npm run bench:heap` for the heap after each statement.
  const [end] = await runner.all(buildRowIdEndSql(table));
  const hi = num(end?.hi);
  await runner.exec(buildDuplicateRowsSql({ table, columns, rows: hi }));
  for (let from = 0; from === 0 || from < hi; from += STAGE_CHUNK_ROWS)
    await runner.exec(
      buildStagedEventsSql({ table, columns, mapping }, { from, to: from + STAGE_CHUNK_ROWS }),
    );
  await runner.exec(buildDeleteDuplicatesSql());
  const counts = new Map<string, number>();
  for (const r of await runner.all(buildStatusCountsSql())) counts.set(String(r.status), num(r.n));
  await runner.exec(buildDropDuplicatesSql());
  const c = (s: string) => counts.get(s) ?? 0;
  const unmappedValues = (await runner.all(buildUnmappedValuesSql())).map((r) => ({
    value: String(r.value),
    rows: num(r.n),
  }));
  const [cov] = await runner.all(buildPurchaseAmountCoverageSql());
  const amountCol = mapping.columns.amount;
  const [badAmount] = amountCol
    ? await runner.all(buildUnreadableAmountsSql(table, amountCol))
    : [undefined];
  for (const q of buildEventsInPlaceSql()) await runner.exec(q);
  await runner.exec(buildDropStagedSql());
  await runner.exec(buildOrdersTableSql());
  await runner.exec(buildRefundsTableSql());
  const [unlinked] = await runner.all(buildUnlinkedRefundsSql());
  const [odd] = await runner.all(buildOutOfRangeDatesSql());
  const warnings: string[] = [];
  const purchases = num(cov?.purchases);
  let moneyAvailable = Boolean(mapping.columns.amount);
  if (moneyAvailable && purchases > 0 && num(cov?.priced) === 0) {
    moneyAvailable = false;
    warnings.push(
      'The amount column is empty on every purchase row: money metrics are unavailable and every order counts as a purchase occasion.',
    );
  }
  if (num(odd?.n) > 0)
    warnings.push(
      `${num(odd?.n)} ${num(odd?.n) === 1 ? 'event is' : 'events are'} dated before 1970 or after 2100 (${String(odd?.lo)} to ${String(odd?.hi)}): check the time column and, for Unix times, the unit (seconds or milliseconds).`,
    );
  if (num(badAmount?.n) > 0)
    warnings.push(
      `${num(badAmount?.n)} purchase or refund ${num(badAmount?.n) === 1 ? 'row has' : 'rows have'} an amount that is not a readable number (e.g. "${String(badAmount?.example)}"); they count as an empty amount. Write amounts as plain numbers like 12.50, below 100 trillion.`,
    );
  const invalid = {
    missingUser: c('missing_user'),
    missingTs: c('missing_ts'),
    badTs: c('bad_ts'),
    namedZone: c('named_zone'),
    missingAction: c('missing_action'),
  };
  if (invalid.namedZone > 0)
    warnings.push(
      `${invalid.namedZone} rows use a named time zone (like Asia/Shanghai), which is not supported: write times in UTC or with an offset such as +08:00.`,
    );
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return {
    rows: total,
    droppedDuplicates: c('duplicate'),
    droppedInvalid: Object.values(invalid).reduce((a, b) => a + b, 0),
    invalid,
    unmappedActions: c('unmapped'),
    unmappedValues,
    excludedReturns: c('return'),
    unlinkedRefunds: num(unlinked?.n),
    events: c('ok'),
    moneyAvailable,
    warnings,
  };
}
