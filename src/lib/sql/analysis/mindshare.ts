/**
 * DOMAIN.md §5 "Mindshare (DeEP) and benchmarks": per stage at T, the brand's share of its users'
 * category events (15 days, mapped non-impression events) and their category spending power
 * (category GMV over 365 days, zero spenders included).
 */
import { inlineParams, literal } from '../params';
import type { BuiltSql } from '../types';
import { ORDER_KEY, T, buildOrderNetSql } from './events';
import { buildBrandStagesSql, buildStageAssignmentSql, type StageSpec } from './stages';

/** Mindshare counts events in the 15 days before T (T−14 … T). */
export const MINDSHARE_WINDOW = 15;
/** Spending power sums category GMV in the 365 days before T. */
export const SPENDING_WINDOW = 365;

/** The brand's categories: every category value on its rows. */
export const brandCategoriesSql = (brand: string) =>
  `SELECT DISTINCT category FROM ${T.events} WHERE brand = ${literal(brand)} AND category IS NOT NULL`;

/**
 * Per stage at T: users, the brand's events and all events in the brand's categories (15 days,
 * mapped non-impression), and the category GMV of purchase occasions (any brand, any order with a
 * line in the brand's categories, net as of T, 365 days), summed over the stage's users.
 */
export function buildMindshareSql(spec: StageSpec): BuiltSql {
  const st = inlineParams(buildStageAssignmentSql({ ...spec, source: undefined }));
  const t = `CAST(${literal(spec.asOf)} AS DATE)`;
  const net = inlineParams(buildOrderNetSql(spec.asOf, spec.moneyAvailable));
  return {
    sql: `WITH st AS (${st}),
cats AS (${brandCategoriesSql(spec.brand)}),
ev AS (
  SELECT user_id,
    count(*) FILTER (WHERE brand = ${literal(spec.brand)})::BIGINT AS brand_events,
    count(*)::BIGINT AS category_events
  FROM ${T.events}
  WHERE category IN (SELECT category FROM cats) AND action <> 'impression'
    AND date <= ${t} AND date > ${t} - ${MINDSHARE_WINDOW}
  GROUP BY user_id
),
cat_orders AS (
  SELECT DISTINCT brand, user_id, ${ORDER_KEY} AS order_key FROM ${T.events}
  WHERE action = 'purchase' AND category IN (SELECT category FROM cats)
),
spend AS (
  SELECT o.user_id, sum(o.net) AS gmv FROM (${net}) o
  JOIN cat_orders c ON c.brand IS NOT DISTINCT FROM o.brand AND c.user_id = o.user_id AND c.order_key = o.order_key
  WHERE o.occasion AND o.date > ${t} - ${SPENDING_WINDOW}
  GROUP BY o.user_id
)
SELECT st.stage, count(*)::BIGINT AS users,
  coalesce(sum(ev.brand_events), 0)::BIGINT AS brand_events,
  coalesce(sum(ev.category_events), 0)::BIGINT AS category_events,
  coalesce(sum(spend.gmv), 0)::DOUBLE AS category_gmv
FROM st LEFT JOIN ev ON ev.user_id = st.user_id LEFT JOIN spend ON spend.user_id = st.user_id
GROUP BY st.stage ORDER BY st.stage`,
    params: [],
  };
}

/** Brands with rows in any of the brand's categories (the benchmark's candidates), by name. */
export function buildCategoryBrandsSql(brand: string): BuiltSql {
  return {
    sql: `SELECT DISTINCT brand FROM ${T.events}
WHERE brand IS NOT NULL AND category IN (${brandCategoriesSql(brand)}) ORDER BY brand`,
    params: [],
  };
}

/** Users per (brand, stage) at T for several brands at once. */
export function buildBrandStageCountsSql(
  spec: Omit<StageSpec, 'brand'> & { brands: string[] },
): BuiltSql {
  const a = inlineParams(
    buildBrandStagesSql({
      brands: spec.brands,
      at: { date: spec.asOf },
      rules: spec.rules,
      moneyAvailable: spec.moneyAvailable,
      source: spec.source,
    }),
  );
  return {
    sql: `SELECT brand, stage, count(*)::BIGINT AS users FROM (${a}) GROUP BY ALL ORDER BY ALL`,
    params: [],
  };
}
