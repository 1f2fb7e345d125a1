/**
 * DOMAIN.md §4 "Operational metrics: flow between T1 < T2": each user's stage at T1 and at T2
 * ("none" where there is no stage), from the §2 stage assignment at both dates.
 */
import { inlineParams, literal } from '../params';
import type { BuiltSql } from '../types';
import { buildOrderNetSql } from './events';
import { RANK } from './rules';
import { buildBrandStagesSql, type StageSpec } from './stages';

/** A flow between two as-of dates for one brand (or, with `brands`, for each of several). */
export interface FlowSpec extends Omit<StageSpec, 'asOf'> {
  from: string;
  to: string;
  /** Compute the flow for each of these brands (a `brand` column in the output); default [brand]. */
  brands?: string[];
}

const rankCase = (col: string) =>
  `CASE ${col} ${Object.entries(RANK)
    .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
    .join(' ')} END`;

const brandsOf = (spec: FlowSpec) => spec.brands ?? [spec.brand];
const brandIn = (spec: FlowSpec, col = 'brand') =>
  `${col} IN (${brandsOf(spec).map(literal).join(', ') || 'NULL'})`;
/** The §2 stages of the spec's brand(s) at `date`: (brand, user_id, stage, …). */
export const stagesAt = (spec: FlowSpec, date: string) =>
  inlineParams(
    buildBrandStagesSql({
      brands: brandsOf(spec),
      at: { date },
      rules: spec.rules,
      moneyAvailable: spec.moneyAvailable,
      source: spec.source,
    }),
  );

/** The brand's purchase occasions dated in (T1, T2], as of T2: (brand, user_id, date, net). */
function periodOrders(spec: FlowSpec): string {
  const net = inlineParams(buildOrderNetSql(spec.to, spec.moneyAvailable));
  return `SELECT brand, user_id, date, net FROM (${net})
  WHERE occasion AND ${brandIn(spec)} AND date > CAST(${literal(spec.from)} AS DATE) AND date <= CAST(${literal(spec.to)} AS DATE)`;
}

/**
 * One row per (brand, user) with a stage at T1 or T2: (brand, user_id, s1, s2, r1, r2, purchased,
 * gmv), where `purchased` = a purchase occasion of the brand dated in (T1, T2], as of T2, and `gmv`
 * = the net amount of those occasions (§4's GMV for that user; NULL for non-buyers and when money
 * is unavailable).
 */
export function buildFlowUsersSql(spec: FlowSpec): BuiltSql {
  return {
    sql: `WITH s1 AS (${stagesAt(spec, spec.from)}), s2 AS (${stagesAt(spec, spec.to)}),
buyers AS (SELECT brand, user_id, sum(net) AS gmv FROM (${periodOrders(spec)}) GROUP BY ALL),
f AS (
  SELECT coalesce(s1.brand, s2.brand) AS brand, coalesce(s1.user_id, s2.user_id) AS user_id,
    coalesce(s1.stage, 'none') AS s1, coalesce(s2.stage, 'none') AS s2
  FROM s1 FULL OUTER JOIN s2 ON s1.brand = s2.brand AND s1.user_id = s2.user_id
)
SELECT f.brand, f.user_id, f.s1, f.s2, ${rankCase('f.s1')} AS r1, ${rankCase('f.s2')} AS r2,
  b.user_id IS NOT NULL AS purchased, b.gmv
FROM f LEFT JOIN buyers b ON b.brand = f.brand AND b.user_id = f.user_id`,
    params: [],
  };
}

/** The flow matrix: users by (brand, stage at T1, stage at T2), "none" for no stage. */
export function buildFlowMatrixSql(spec: FlowSpec): BuiltSql {
  const f = buildFlowUsersSql(spec);
  return {
    sql: `SELECT brand, s1, s2, count(*)::BIGINT AS users FROM (${f.sql}) GROUP BY ALL ORDER BY ALL`,
    params: f.params,
  };
}

/**
 * Per brand and stage at T1: size, deepened (rank rose), stayed, regressed (to a lower stage,
 * O included), lost (to none), and purchasers in (T1, T2].
 */
export function buildFlowByStageSql(spec: FlowSpec): BuiltSql {
  const f = buildFlowUsersSql(spec);
  return {
    sql: `SELECT brand, s1 AS stage, count(*)::BIGINT AS size,
  count(*) FILTER (WHERE r2 > r1)::BIGINT AS deepened,
  count(*) FILTER (WHERE r2 = r1)::BIGINT AS stayed,
  count(*) FILTER (WHERE r2 < r1 AND s2 <> 'none')::BIGINT AS regressed,
  count(*) FILTER (WHERE s2 = 'none')::BIGINT AS lost,
  count(*) FILTER (WHERE purchased)::BIGINT AS purchasers
FROM (${f.sql}) WHERE s1 <> 'none' GROUP BY ALL ORDER BY ALL`,
    params: f.params,
  };
}

/** The day before a YYYY-MM-DD date. */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * GMV contribution (DOMAIN.md §4): net GMV of purchase occasions dated in (T1, T2] (as of T2),
 * by the buyer's stage on the day before the order's date ("none" = no stage then). The stages are
 * evaluated once, per (brand, buyer, order date − 1), not once per date.
 */
export function buildGmvContributionSql(spec: FlowSpec): BuiltSql {
  const orders = periodOrders(spec);
  const st = inlineParams(
    buildBrandStagesSql({
      brands: brandsOf(spec),
      at: {
        probes: {
          sql: `SELECT DISTINCT brand, user_id, date - 1 AS as_of FROM (${orders})`,
          params: [],
        },
      },
      rules: spec.rules,
      moneyAvailable: spec.moneyAvailable,
      source: spec.source,
    }),
  );
  return {
    sql: `WITH o AS (
  ${orders}
), st AS (
  ${st}
)
SELECT o.brand, coalesce(st.stage, 'none') AS stage, count(*)::BIGINT AS orders, sum(o.net)::DOUBLE AS gmv
FROM o LEFT JOIN st ON st.brand = o.brand AND st.user_id = o.user_id AND st.as_of = o.date - 1
GROUP BY ALL ORDER BY ALL`,
    params: [],
  };
}
