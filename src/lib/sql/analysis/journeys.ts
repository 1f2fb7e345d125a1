/**
 * DOMAIN.md §6 "Journeys to the first purchase". Pure builders; the report (report/journeys.ts)
 * runs them and the UI can show each one as the SQL behind a number.
 *
 * - First-ever purchase occasion: the brand's earliest order (by ts, ties by order_key) among the
 *   orders that are purchase occasions as of T2 (buildOrderNetSql). A first-time buyer is a user
 *   whose first-ever occasion is dated in (T1, T2]; the purchase's time is the order's ts.
 * - Journey window: the user's brand events dated in the 30 days ending on the purchase date
 *   (purchase date − 29 … purchase date) whose ts is strictly before the purchase's.
 * - Stage classes D, E1, E2, P are read from the rules: a class is touched when any of its rule's
 *   `actions` conditions (min, distinctDays, minDurationS) holds over the window events; the rule
 *   windows and `occasions` conditions play no part. It is *reached* at the event (by ts, then
 *   row_no) at which that condition first holds counting the window events up to and including it.
 * - Journey type, first match wins: instant (no window event dated before the purchase date),
 *   longChain (D or E1, and E2 or P), shortChain (E2 or P only), penetrative (D or E1 only), other.
 * - Repeat buying: purchase occasions (as of T2) dated in (T1, T2] that are not the user's first.
 *
 * Every statement joins the events to the period's buyers only (one hash join, one pass over the
 * events), never per user. Values are inlined as literals (the statements nest other builders).
 */
import { inlineParams, literal } from '../params';
import type { BuiltSql } from '../types';
import { MONEY, T, buildOrderNetSql } from './events';
import type { RuleSet } from './rules';
import { buildBrandStagesSql } from './stages';

/** One journey analysis: the period (T1, T2] of one brand. */
export interface JourneySpec {
  brand: string;
  /** T1, YYYY-MM-DD (exclusive). */
  from: string;
  /** T2, YYYY-MM-DD (inclusive); every figure is as of T2. */
  to: string;
  rules: RuleSet;
  /** Money mapped: occasions need net > 0 and GMV is reported; otherwise every order is one. */
  moneyAvailable: boolean;
}

/** The journey types of DOMAIN.md §6, in table order. */
export const JOURNEY_TYPES = [
  'instant',
  'longChain',
  'shortChain',
  'penetrative',
  'other',
] as const;
/** One journey type. */
export type JourneyType = (typeof JOURNEY_TYPES)[number];

/** The pre-sales stage classes a journey can touch, shallow first (the Sankey's tie order). */
export const JOURNEY_CLASSES = ['D', 'E1', 'E2', 'P'] as const;
/** One pre-sales stage class. */
export type JourneyClass = (typeof JOURNEY_CLASSES)[number];

/** Days in a journey window (the purchase date included). */
export const JOURNEY_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  if (!m || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date)
    throw new RangeError(`Expected a YYYY-MM-DD date, got "${date}"`);
  return ms / DAY_MS;
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * The previous period of equal length (DOMAIN.md §6): (T1 − L, T1] with L = T2 − T1 days,
 * evaluated as of its own end T1. Throws a RangeError unless T1 < T2 are valid dates.
 */
export function previousJourneySpec<S extends JourneySpec>(spec: S): S {
  const t1 = dayNumber(spec.from);
  const t2 = dayNumber(spec.to);
  if (!(t1 < t2)) throw new RangeError(`The period needs from < to (got ${spec.from}, ${spec.to})`);
  return { ...spec, from: dateOf(t1 - (t2 - t1)), to: spec.from };
}

const d = (date: string) => `CAST(${literal(date)} AS DATE)`;
const inPeriod = (spec: JourneySpec, col = 'date') =>
  `${col} > ${d(spec.from)} AND ${col} <= ${d(spec.to)}`;

/**
 * The brand's purchase occasions as of T2, each with its rank k among the user's occasions
 * (1 = first ever; by ts, ties by order_key): (user_id, order_key, ts, date, net, k).
 */
export function occasionsSql(spec: JourneySpec): string {
  const net = inlineParams(buildOrderNetSql(spec.to, spec.moneyAvailable));
  return `SELECT user_id, order_key, ts, date, net,
    row_number() OVER (PARTITION BY user_id ORDER BY ts, order_key) AS k
  FROM (${net}) WHERE occasion AND brand = ${literal(spec.brand)}`;
}

/** The stage classes' action conditions as rows (cond_id, cls, depth, action, min_dur, min_n, min_days). */
function conditionsSql(rules: RuleSet): string {
  const rows: string[] = [];
  let id = 0;
  JOURNEY_CLASSES.forEach((cls, depth) => {
    for (const c of rules[cls].any) {
      if (!c.actions?.length) continue; // `occasions` conditions play no part in journeys
      id++;
      for (const a of [...new Set(c.actions)])
        rows.push(
          `(${id}, ${literal(cls)}, ${depth}, ${literal(a)}, ${c.minDurationS === undefined ? 'NULL' : literal(c.minDurationS)}, ${literal(c.min ?? 1)}, ${literal(c.distinctDays ?? 1)})`,
        );
    }
  });
  const cols = `CAST(cond_id AS INTEGER) AS cond_id, CAST(cls AS VARCHAR) AS cls, CAST(depth AS INTEGER) AS depth,
    CAST(action AS VARCHAR) AS action, CAST(min_dur AS DOUBLE) AS min_dur, CAST(min_n AS BIGINT) AS min_n,
    CAST(min_days AS BIGINT) AS min_days`;
  if (!rows.length)
    return `SELECT ${cols} FROM (SELECT NULL AS cond_id, NULL AS cls, NULL AS depth, NULL AS action, NULL AS min_dur, NULL AS min_n, NULL AS min_days) WHERE false`;
  return `SELECT ${cols} FROM (VALUES ${rows.join(', ')}) AS c(cond_id, cls, depth, action, min_dur, min_n, min_days)`;
}

/** Which journeys a statement needs: first purchases ('I'), first repeat occasions ('R'), or both. */
type Kinds = { first: boolean; repeat: boolean };

/**
 * The CTEs shared by every journey statement (text after WITH). `j` holds one row per journey
 * (kind 'I' = a first-time buyer's first purchase, 'R' = a repeat buyer's first repeat occasion in
 * the period): (kind, user_id, net, journey, steps), `steps` being the classes in the order they
 * were first reached ('D>E1>P'), NULL when none was.
 */
function journeyCtes(spec: JourneySpec, kinds: Kinds): string {
  const anchors: string[] = [];
  if (kinds.first)
    anchors.push(
      `SELECT 'I' AS kind, user_id, ts, date, net FROM occs WHERE k = 1 AND ${inPeriod(spec)}`,
    );
  if (kinds.repeat)
    anchors.push(`SELECT 'R' AS kind, user_id, ts, date, net FROM occs WHERE k > 1 AND ${inPeriod(spec)}
    QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY k) = 1`);
  const w = JOURNEY_WINDOW_DAYS;
  const touched = (...cls: JourneyClass[]) =>
    `(${cls.map((c) => `count(r.cls) FILTER (WHERE r.cls = ${literal(c)}) > 0`).join(' OR ')})`;
  return `occs AS (
  ${occasionsSql(spec)}
), anchors AS (
  ${anchors.join('\n  UNION ALL\n  ')}
), win AS (
  -- the journey window: brand events dated (purchase date − ${w - 1}) … purchase date, strictly before the purchase
  SELECT a.kind, a.user_id, a.date AS pdate, e.row_no, e.ts, e.date, e.action, e.duration_s
  FROM ${T.events} e JOIN anchors a ON e.user_id = a.user_id
  WHERE e.brand = ${literal(spec.brand)}
    AND e.date > ${d(spec.from)} - ${w} AND e.date <= ${d(spec.to)}
    AND e.date >= a.date - ${w - 1} AND e.date <= a.date AND e.ts < a.ts
), conds AS (
  ${conditionsSql(spec.rules)}
), matched AS (
  -- per condition, the running count of matching events and of their distinct dates
  SELECT w.kind, w.user_id, w.row_no, w.ts, c.cls, c.depth, c.min_n, c.min_days,
    row_number() OVER (PARTITION BY w.kind, w.user_id, c.cond_id ORDER BY w.ts, w.row_no) AS n,
    dense_rank() OVER (PARTITION BY w.kind, w.user_id, c.cond_id ORDER BY w.date) AS days
  FROM win w JOIN conds c ON c.action = w.action AND (c.min_dur IS NULL OR w.duration_s >= c.min_dur)
), reach AS (
  -- each class's first event at which one of its conditions holds
  SELECT kind, user_id, cls, depth, min({'ts': ts, 'row_no': row_no}) AS at
  FROM matched WHERE n >= min_n AND days >= min_days
  GROUP BY kind, user_id, cls, depth
), pre AS (
  SELECT DISTINCT kind, user_id FROM win WHERE date < pdate
), j AS (
  SELECT a.kind, a.user_id, a.net,
    CASE
      WHEN max(p.user_id) IS NULL THEN 'instant'
      WHEN ${touched('D', 'E1')} AND ${touched('E2', 'P')} THEN 'longChain'
      WHEN ${touched('E2', 'P')} THEN 'shortChain'
      WHEN ${touched('D', 'E1')} THEN 'penetrative'
      ELSE 'other'
    END AS journey,
    string_agg(r.cls, '>' ORDER BY r.at, r.depth) AS steps
  FROM anchors a
  LEFT JOIN reach r ON r.kind = a.kind AND r.user_id = a.user_id
  LEFT JOIN pre p ON p.kind = a.kind AND p.user_id = a.user_id
  GROUP BY a.kind, a.user_id, a.net
)`;
}

const gmvOf = (spec: JourneySpec, expr: string) =>
  spec.moneyAvailable ? `CAST(${expr} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';

/**
 * §6 "for each user whose first-ever purchase occasion … is dated in (T1, T2]": one row per
 * first-time buyer, (user_id, journey, gmv, steps) — the classes in the order first reached, NULL
 * when none. The basis of the journey table and of the examples; not read back row by row.
 */
export function buildJourneyUsersSql(spec: JourneySpec): BuiltSql {
  return {
    sql: `WITH ${journeyCtes(spec, { first: true, repeat: false })}
SELECT user_id, journey, ${spec.moneyAvailable ? 'net' : `CAST(NULL AS ${MONEY})`} AS gmv, steps FROM j`,
    params: [],
  };
}

/**
 * §6 "buyers and GMV per journey": per journey type with buyers, (journey, buyers, gmv), gmv being
 * Σ the first orders' net as of T2 (NULL without money). Types with no buyer are absent.
 */
export function buildJourneyBuyersSql(spec: JourneySpec): BuiltSql {
  const u = buildJourneyUsersSql(spec);
  return {
    sql: `SELECT journey, count(*)::BIGINT AS buyers, ${gmvOf(spec, 'sum(gmv)')} AS gmv
FROM (${u.sql}) GROUP BY journey ORDER BY journey`,
    params: u.params,
  };
}

/**
 * §6 "Repeat buying (I–N–K)": users with a purchase occasion (as of T2) dated in (T1, T2] that is
 * not their first ever, and Σ net of all such occasions: one row (buyers, gmv).
 */
export function buildRepeatBuyersSql(spec: JourneySpec): BuiltSql {
  return {
    sql: `SELECT count(DISTINCT user_id)::BIGINT AS buyers, ${gmvOf(spec, 'coalesce(sum(net), 0)')} AS gmv
FROM (${occasionsSql(spec)}) WHERE k > 1 AND ${inPeriod(spec)}`,
    params: [],
  };
}

/**
 * §6 Sankey: per path, (path, end_node, buyers). A first-time buyer's path is the classes in the
 * order first reached in the journey window, then 'I'; a repeat buyer's is the same over the window
 * of their first repeat occasion in the period, then 'K' if their stage at T2 is K, else 'N' (the
 * §2 stage of the repeat buyers at T2, evaluated for them only). Paths look like 'D>E1>P>I'.
 */
export function buildJourneyPathsSql(spec: JourneySpec): BuiltSql {
  const probes = `SELECT DISTINCT ${literal(spec.brand)} AS brand, user_id, ${d(spec.to)} AS as_of
FROM (${occasionsSql(spec)}) WHERE k > 1 AND ${inPeriod(spec)}`;
  const st = inlineParams(
    buildBrandStagesSql({
      brands: [spec.brand],
      at: { probes: { sql: probes, params: [] } },
      rules: spec.rules,
      moneyAvailable: spec.moneyAvailable,
    }),
  );
  return {
    sql: `WITH ${journeyCtes(spec, { first: true, repeat: true })}, st AS (
  SELECT user_id, stage FROM (${st})
), ends AS (
  SELECT j.steps, CASE WHEN j.kind = 'I' THEN 'I' WHEN st.stage = 'K' THEN 'K' ELSE 'N' END AS end_node
  FROM j LEFT JOIN st ON j.kind = 'R' AND st.user_id = j.user_id
)
SELECT coalesce(steps || '>', '') || end_node AS path, end_node, count(*)::BIGINT AS buyers
FROM ends GROUP BY ALL ORDER BY buyers DESC, path`,
    params: [],
  };
}

/** What the examples list: a journey type, or the repeat buyers. */
export type JourneyExampleClass = JourneyType | 'repeat';

/**
 * Up to `limit` example users of a journey type (or of the repeat buyers) in (T1, T2], the
 * smallest ids first: (user_id).
 */
export function buildJourneyExamplesSql(
  spec: JourneySpec,
  cls: JourneyExampleClass,
  limit = 20,
): BuiltSql {
  const n = literal(Math.max(0, Math.floor(limit)));
  if (cls === 'repeat')
    return {
      sql: `SELECT DISTINCT user_id FROM (${occasionsSql(spec)}) WHERE k > 1 AND ${inPeriod(spec)}
ORDER BY user_id LIMIT ${n}`,
      params: [],
    };
  const u = buildJourneyUsersSql(spec);
  return {
    sql: `SELECT user_id FROM (${u.sql}) WHERE journey = ${literal(cls)} ORDER BY user_id LIMIT ${n}`,
    params: u.params,
  };
}
