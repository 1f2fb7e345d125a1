/**
 * "Why is this user here?": one user's events, orders and per-condition rule evaluation at T, so
 * the UI can show which DOMAIN.md §2 rule placed them. The conditions are evaluated in SQL with the
 * same window arithmetic as stages.ts (a w-day window at T is T−w+1 … T); the stage itself comes
 * from buildStageAssignmentSql, so it always matches the stage counts.
 */
import { quoteLiteral } from '../ident';
import type { BuiltSql } from '../types';
import { T, buildOrderNetSql } from './events';
import { BRAND_STAGES, type RuleSet, type Stage } from './rules';
import type { StageSpec } from './stages';

/** At most this many events are listed (the newest); buildUserEventsCountSql gives the total. */
export const USER_EVENTS_LIMIT = 500;

/** Deepest first, as stages.ts tries the rules; O last. */
export const EXPLAIN_ORDER = [...[...BRAND_STAGES].reverse(), 'O'] as Stage[];

type Param = BuiltSql['params'][number];

/** Appends params in text order: `p(v)` returns the `?` to splice where the value goes. */
function paramList(): { params: Param[]; p: (v: Param) => string } {
  const params: Param[] = [];
  return {
    params,
    p: (v) => {
      params.push(v);
      return '?';
    },
  };
}

/** The longest window of the rule set, O included: the oldest date that can matter at T. */
export function longestWindow(rules: RuleSet): number {
  return Math.max(rules.O.window, ...BRAND_STAGES.map((s) => rules[s].window));
}

const ISO_TS = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S') || 'Z'`;

/** The user's events on or before T in the longest window, of the brand or in its categories. */
function userEventsWhere(
  p: (v: Param) => string,
  brand: string,
  asOf: string,
  userId: string,
  rules: RuleSet,
  source: string | undefined,
): string {
  return `user_id = ${p(userId)} AND date <= CAST(${p(asOf)} AS DATE) AND date > CAST(${p(asOf)} AS DATE) - ${p(longestWindow(rules))}
    AND (brand = ${p(brand)} OR category IN (SELECT DISTINCT category FROM ${T.events} WHERE brand = ${p(brand)} AND category IS NOT NULL))${source === undefined ? '' : ` AND source = ${p(source)}`}`;
}

/**
 * The user's events that matter at T: on or before T, within the longest stage window (O
 * included), of the brand or in the brand's categories; the newest `limit` of them, oldest first.
 * Columns: row_no, ts (ISO text, UTC), date (YYYY-MM-DD), action, brand, category, channel,
 * source, amount (DOUBLE), order_id, duration_s.
 */
export function buildUserEventsSql(
  brand: string,
  asOf: string,
  userId: string,
  rules: RuleSet,
  source?: string,
  limit: number = USER_EVENTS_LIMIT,
): BuiltSql {
  const { params, p } = paramList();
  const where = userEventsWhere(p, brand, asOf, userId, rules, source);
  const sql = `SELECT e.row_no, ${ISO_TS('e.ts')} AS ts, CAST(e.date AS VARCHAR) AS date, e.action,
  e.brand, e.category, e.channel, e.source, CAST(e.amount AS DOUBLE) AS amount, e.order_id, e.duration_s
FROM (
  SELECT * FROM ${T.events}
  WHERE ${where}
  ORDER BY ts DESC, row_no DESC LIMIT ${p(limit)}
) e
ORDER BY e.ts, e.row_no`;
  return { sql, params };
}

/** How many events buildUserEventsSql would list without its limit: (n). */
export function buildUserEventsCountSql(
  brand: string,
  asOf: string,
  userId: string,
  rules: RuleSet,
  source?: string,
): BuiltSql {
  const { params, p } = paramList();
  const where = userEventsWhere(p, brand, asOf, userId, rules, source);
  return { sql: `SELECT count(*)::BIGINT AS n FROM ${T.events} WHERE ${where}`, params };
}

/** Whether the user id occurs in the cleaned events at all: (n). */
export function buildUserExistsSql(userId: string): BuiltSql {
  return {
    sql: `SELECT count(*)::BIGINT AS n FROM ${T.events} WHERE user_id = ?`,
    params: [userId],
  };
}

/**
 * The user's brand orders dated on or before T (DOMAIN.md §1): order_key, order_id (NULL for a
 * purchase row without an order id), ts (ISO), date, amount and net as of T (DOUBLE; NULL without
 * money), and whether the order is a purchase occasion at T. Oldest first.
 */
export function buildUserOrdersSql(
  brand: string,
  asOf: string,
  userId: string,
  moneyAvailable: boolean,
  source?: string,
): BuiltSql {
  const net = buildOrderNetSql(asOf, moneyAvailable);
  const { params, p } = paramList();
  params.push(...net.params);
  const money = (col: string) => (moneyAvailable ? `CAST(o.${col} AS DOUBLE)` : 'NULL::DOUBLE');
  // Orders without an order id are keyed chr(1) || row_no (buildOrdersTableSql).
  const sql = `SELECT o.order_key,
  CASE WHEN starts_with(o.order_key, chr(1)) THEN NULL ELSE o.order_key END AS order_id,
  ${ISO_TS('o.ts')} AS ts, CAST(o.date AS VARCHAR) AS date,
  ${money('amount')} AS amount, ${money('net')} AS net, o.occasion
FROM (${net.sql}) o
WHERE o.brand = ${p(brand)} AND o.user_id = ${p(userId)}${source === undefined ? '' : ` AND o.source = ${p(source)}`}
ORDER BY o.ts, o.order_key`;
  return { sql, params };
}

/**
 * Every condition of every stage evaluated for one user at T, deepest stage first, then O:
 * (ord, stage, cond, kind, met, requires_met, holds, stage_holds, count, days, row_nos, order_keys).
 * - `kind`: 'actions', 'occasions' or 'category' (O's one condition: a mapped event in the brand's
 *   categories in O's window, by any brand).
 * - `met`: the condition on its own; `requires_met`: the required stage's rule (NULL when the
 *   stage requires none); `holds` = met AND requires_met; `stage_holds`: any condition of the stage
 *   holds. O's `holds` ignores the brand stages: the user is O only when no brand stage holds.
 * - `count`/`days`: matching events (or purchase occasions) in the window and their distinct dates.
 * - `row_nos`: the matching events, by ts (for occasions: the orders' purchase rows up to T);
 *   `order_keys`: the matching occasions' orders, by time (empty for other kinds).
 */
export function buildUserConditionsSql(spec: StageSpec, userId: string): BuiltSql {
  const { rules, brand } = spec;
  const { params, p } = paramList();
  const t = () => `CAST(${p(spec.asOf)} AS DATE)`;
  const src = (col = 'source') =>
    spec.source === undefined ? '' : ` AND ${col} = ${p(spec.source)}`;
  const brandStages = EXPLAIN_ORDER.filter((s): s is Exclude<Stage, 'O'> => s !== 'O');
  const maxWindow = Math.max(...brandStages.map((s) => rules[s].window));
  const noKeys = 'CAST([] AS VARCHAR[])';

  const ue = `SELECT row_no, ts, date, action, duration_s FROM ${T.events}
    WHERE user_id = ${p(userId)} AND brand = ${p(brand)} AND date <= ${t()} AND date > ${t()} - ${p(maxWindow)}${src()}`;
  const net = buildOrderNetSql(spec.asOf, spec.moneyAvailable);
  params.push(...net.params);
  const uo = `SELECT order_key, ts, date FROM (${net.sql})
    WHERE occasion AND brand = ${p(brand)} AND user_id = ${p(userId)}${src()}`;
  // The order key of a purchase row, as buildOrdersTableSql forms it.
  const po = `SELECT row_no, ts, coalesce(order_id, chr(1) || CAST(row_no AS VARCHAR)) AS order_key
    FROM ${T.events}
    WHERE user_id = ${p(userId)} AND brand = ${p(brand)} AND action = 'purchase' AND date <= ${t()}`;

  const rows: string[] = [];
  brandStages.forEach((stage, ord) => {
    const w = rules[stage].window;
    rules[stage].any.forEach((c, i) => {
      const head = `SELECT ${ord} AS ord, '${stage}' AS stage, ${i} AS cond`;
      if (c.occasions) {
        const lo = c.occasions.min ?? 0;
        const hi = c.occasions.max;
        rows.push(`${head}, 'occasions' AS kind, count(*)::BIGINT AS n, count(DISTINCT date)::BIGINT AS days,
      (count(*) >= ${p(lo)}${hi === undefined ? '' : ` AND count(*) <= ${p(hi)}`}) AS met,
      (SELECT coalesce(list(po.row_no ORDER BY po.ts, po.row_no), CAST([] AS BIGINT[])) FROM po
        WHERE po.order_key IN (SELECT order_key FROM uo WHERE date > ${t()} - ${p(w)})) AS row_nos,
      coalesce(list(order_key ORDER BY ts, order_key), ${noKeys}) AS order_keys
    FROM uo WHERE date > ${t()} - ${p(w)}`);
        return;
      }
      const actions = (c.actions ?? []).map(quoteLiteral).join(', ');
      // Template parts are evaluated left to right, so `p()` pushes params in text order.
      rows.push(`${head}, 'actions' AS kind, count(*)::BIGINT AS n, count(DISTINCT date)::BIGINT AS days,
      (count(*) >= ${p(c.min ?? 1)}${c.distinctDays ? ` AND count(DISTINCT date) >= ${p(c.distinctDays)}` : ''}) AS met,
      coalesce(list(row_no ORDER BY ts, row_no), CAST([] AS BIGINT[])) AS row_nos, ${noKeys} AS order_keys
    FROM ue WHERE action IN (${actions}) AND date > ${t()} - ${p(w)}${c.minDurationS !== undefined ? ` AND duration_s >= ${p(c.minDurationS)}` : ''}`);
    });
  });
  rows.push(`SELECT ${brandStages.length} AS ord, 'O' AS stage, 0 AS cond, 'category' AS kind,
      count(*)::BIGINT AS n, count(DISTINCT date)::BIGINT AS days, count(*) >= 1 AS met,
      coalesce(list(row_no ORDER BY ts, row_no), CAST([] AS BIGINT[])) AS row_nos, ${noKeys} AS order_keys
    FROM ${T.events}
    WHERE user_id = ${p(userId)}
      AND category IN (SELECT DISTINCT category FROM ${T.events} WHERE brand = ${p(brand)} AND category IS NOT NULL)
      AND date <= ${t()} AND date > ${t()} - ${p(rules.O.window)}${src()}`);

  const reqs = brandStages.filter((s) => rules[s].requires !== undefined);
  const reqOf = reqs.length
    ? `CASE c.stage ${reqs.map((s) => `WHEN '${s}' THEN ${quoteLiteral(String(rules[s].requires))}`).join(' ')} END`
    : 'CAST(NULL AS VARCHAR)';

  const sql = `WITH ue AS (
    ${ue}
  ), uo AS (
    ${uo}
  ), po AS (
    ${po}
  ), conds AS (
    ${rows.join('\n    UNION ALL\n    ')}
  ), stage_met AS (
    SELECT stage, bool_or(met) AS met FROM conds WHERE stage <> 'O' GROUP BY stage
  ), evaluated AS (
    SELECT c.ord, c.stage, c.cond, c.kind, c.met, r.met AS requires_met,
      c.met AND coalesce(r.met, true) AS holds, c.n, c.days, c.row_nos, c.order_keys
    FROM conds c LEFT JOIN stage_met r ON r.stage = ${reqOf}
  )
SELECT ord, stage, cond, kind, met, requires_met, holds,
  bool_or(holds) OVER (PARTITION BY stage) AS stage_holds,
  n AS "count", days, row_nos, order_keys
FROM evaluated
ORDER BY ord, cond`;
  return { sql, params };
}
