/**
 * DOMAIN.md §1 "Input: one event table": the canonical table names, orders, refund links and order
 * nets over `events`, and the clean-events export. `events` itself is built by ./staging.ts. Pure
 * builders; both the worker and the CLI run them.
 */
import { plain, type BuiltSql } from '../types';

/** Canonical table names. */
export const T = {
  staged: 'af_staged',
  dups: 'af_dups',
  events: 'events',
  orders: 'af_orders',
  refunds: 'af_refunds',
} as const;

/** An order's key: its order id, or (no id) one order per purchase row. */
export const ORDER_KEY = `coalesce(order_id, chr(1) || CAST(row_no AS VARCHAR))`;

/** Money type: exact decimals (DOMAIN.md §9 asks for DECIMAL so bin edges are stable). */
export const MONEY = 'DECIMAL(18,4)';

/**
 * Orders (DOMAIN.md §1): (brand, user_id, order_id) over purchase rows; no order id = one order per
 * row. Amount = sum of its rows (empty = 0); time = its earliest row's.
 */
export function buildOrdersTableSql(): BuiltSql {
  return plain(`CREATE OR REPLACE TABLE ${T.orders} AS
SELECT brand, user_id, ${ORDER_KEY} AS order_key,
  min(ts) AS ts, CAST(min(ts) AS DATE) AS date,
  CAST(sum(coalesce(amount, 0)) AS ${MONEY}) AS amount, count(*)::INTEGER AS lines, min(source) AS source
FROM ${T.events} WHERE action = 'purchase'
GROUP BY brand, user_id, ${ORDER_KEY}`);
}

/**
 * Refund links (DOMAIN.md §1): a refund row links to the order of the same user and order id of
 * the same brand (an empty brand links to every brand's part). It applies from the later of the
 * refund's and the order's date; an empty amount refunds the whole order part.
 */
export function buildRefundsTableSql(): BuiltSql {
  return plain(`CREATE OR REPLACE TABLE ${T.refunds} AS
SELECT r.row_no, o.brand, o.user_id, o.order_key, r.ts, greatest(r.date, o.date) AS effective_date,
  CAST(coalesce(r.amount, o.amount) AS ${MONEY}) AS amount, r.amount IS NULL AS whole_order
FROM ${T.events} r
JOIN ${T.orders} o ON o.user_id = r.user_id AND o.order_key = r.order_id AND (r.brand IS NULL OR o.brand = r.brand)
WHERE r.action = 'refund' AND r.order_id IS NOT NULL`);
}

/** Refund rows that link to no order (counted file-wide as meta.unlinkedRefunds). */
export function buildUnlinkedRefundsSql(): BuiltSql {
  return plain(`SELECT count(*)::BIGINT AS n FROM ${T.events} r
WHERE r.action = 'refund' AND NOT EXISTS (SELECT 1 FROM ${T.refunds} l WHERE l.row_no = r.row_no)`);
}

/**
 * Net amount of every order as of a date (refunds effective on or before it subtracted), and
 * whether it is a purchase occasion then: net > 0, or every order when money is unavailable.
 * With `asOf` null, the whole file is taken.
 */
export function buildOrderNetSql(asOf: string | null, moneyAvailable: boolean): BuiltSql {
  const refundCut = asOf === null ? '' : ' WHERE effective_date <= CAST(? AS DATE)';
  const orderCut = asOf === null ? '' : ' WHERE o.date <= CAST(? AS DATE)';
  return {
    sql: `SELECT o.brand, o.user_id, o.order_key, o.ts, o.date, o.amount, o.source,
  CAST(o.amount - coalesce(f.refunded, 0) AS ${MONEY}) AS net,
  ${moneyAvailable ? `o.amount - coalesce(f.refunded, 0) > 0` : 'true'} AS occasion
FROM ${T.orders} o
LEFT JOIN (SELECT brand, user_id, order_key, sum(amount) AS refunded FROM ${T.refunds}${refundCut} GROUP BY ALL) f
  ON f.brand IS NOT DISTINCT FROM o.brand AND f.user_id = o.user_id AND f.order_key = o.order_key${orderCut}`,
    params: asOf === null ? [] : [asOf, asOf],
  };
}

/** The text columns of buildExportEventsSql (neutralised in CSV, see buildCsvSafeSql). */
export const EXPORT_TEXT_COLUMNS = [
  'user_id',
  'ts',
  'action',
  'brand',
  'category',
  'channel',
  'source',
  'order_id',
] as const;

/**
 * The canonical events as the user can export them (UTC times as ISO text). `source_row` is the
 * 1-based data row of the source, so every event stays distinct and traceable when re-imported.
 */
export function buildExportEventsSql(): BuiltSql {
  return plain(`SELECT row_no + 1 AS source_row, user_id, strftime(ts, '%Y-%m-%dT%H:%M:%S') || 'Z' AS ts, action, brand, category, channel, source,
  CAST(amount AS DOUBLE) AS amount, order_id, duration_s
FROM ${T.events} ORDER BY row_no`);
}
