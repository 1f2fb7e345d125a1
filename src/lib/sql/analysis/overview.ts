/** The overview of the mapped data (Foundation view): totals, actions, days, brands, money. */
import { T, buildOrderNetSql } from './events';
import { plain, type BuiltSql } from '../types';
import { perUserSlice } from './slices';

/** Events, users, distinct dimension values and the date range of `events`. */
export function buildOverviewTotalsSql(): BuiltSql {
  return plain(`SELECT count(*)::BIGINT AS events, count(DISTINCT user_id)::BIGINT AS users,
  count(DISTINCT brand)::BIGINT AS brands, count(DISTINCT category)::BIGINT AS categories,
  count(DISTINCT source)::BIGINT AS sources, count(DISTINCT channel)::BIGINT AS channels,
  strftime(min(date), '%Y-%m-%d') AS date_from, strftime(max(date), '%Y-%m-%d') AS date_to
FROM ${T.events}`);
}

/** Events and users per canonical action (users counted per user slice, ./slices.ts). */
export function buildEventsByActionSql(): BuiltSql {
  return plain(`SELECT action, sum(events)::BIGINT AS events, sum(users)::BIGINT AS users
FROM (
  ${perUserSlice((cond) => `SELECT action, count(*) AS events, count(DISTINCT user_id) AS users FROM ${T.events} WHERE ${cond} GROUP BY action`)}
)
GROUP BY action ORDER BY events DESC, action`);
}

/** Events and purchase rows per UTC date. */
export function buildEventsByDaySql(): BuiltSql {
  return plain(`SELECT strftime(date, '%Y-%m-%d') AS date, count(*)::BIGINT AS events,
  count(*) FILTER (WHERE action = 'purchase')::BIGINT AS purchases
FROM ${T.events} GROUP BY date ORDER BY date`);
}

/**
 * Users and events per brand (rows with no brand are left out), largest first, with up to 5 of its
 * categories (alphabetical) and how many it has. Users are counted per user slice; categories from
 * the distinct (brand, category) pairs, which are few.
 */
export function buildBrandsSql(limit = 200): BuiltSql {
  return {
    sql: `WITH u AS (
  SELECT brand, sum(users) AS users, sum(events) AS events
  FROM (
  ${perUserSlice((cond) => `SELECT brand, count(DISTINCT user_id) AS users, count(*) AS events FROM ${T.events} WHERE brand IS NOT NULL AND ${cond} GROUP BY brand`)}
  )
  GROUP BY brand
), c AS (
  SELECT brand, count(*) AS category_count,
    array_to_string(list_slice(list(category ORDER BY category), 1, 5), chr(30)) AS categories
  FROM (SELECT DISTINCT brand, category FROM ${T.events} WHERE brand IS NOT NULL AND category IS NOT NULL)
  GROUP BY brand
)
SELECT u.brand, u.users::BIGINT AS users, u.events::BIGINT AS events,
  coalesce(c.category_count, 0)::BIGINT AS category_count, c.categories
FROM u LEFT JOIN c ON c.brand = u.brand
ORDER BY users DESC, u.brand LIMIT ?`,
    params: [limit],
  };
}

/**
 * Orders, buyers and money over the whole file (as of its last date): gross order amounts,
 * refunds linked, and GMV = net amount of purchase occasions (DOMAIN.md §1).
 */
export function buildMoneySql(moneyAvailable: boolean): BuiltSql {
  const net = buildOrderNetSql(null, moneyAvailable);
  return {
    sql: `SELECT count(*)::BIGINT AS orders, count(*) FILTER (WHERE occasion)::BIGINT AS occasions,
  count(DISTINCT user_id) FILTER (WHERE occasion)::BIGINT AS buyers,
  round(sum(amount), 2)::DOUBLE AS gross, round(sum(amount - net), 2)::DOUBLE AS refunded,
  round(coalesce(sum(net) FILTER (WHERE occasion), 0), 2)::DOUBLE AS gmv,
  (SELECT count(*) FROM ${T.refunds})::BIGINT AS refund_links
FROM (${net.sql})`,
    params: net.params,
  };
}

/**
 * The data's fingerprint for the report: events kept, first and last event time (UTC), and an
 * order-independent content hash of the canonical events (bit-XOR of DuckDB's row hash, 16 hex
 * digits). Two reports with the same fingerprint were made from the same cleaned events.
 */
export function buildFingerprintSql(): BuiltSql {
  return plain(`SELECT count(*)::BIGINT AS events,
  strftime(min(ts), '%Y-%m-%d %H:%M:%S') AS first, strftime(max(ts), '%Y-%m-%d %H:%M:%S') AS last,
  lpad(lower(to_hex(coalesce(bit_xor(hash(user_id, ts, action, brand, category, channel, source, CAST(amount AS VARCHAR), order_id, duration_s)), 0))), 16, '0') AS hash
FROM ${T.events}`);
}
