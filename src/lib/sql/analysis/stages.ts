/**
 * DOMAIN.md §2 "Stages at an as-of date T" and §3 "asset scale". One pass over the brand's events
 * in the longest window computes every condition's count per user; the deepest stage whose rule
 * holds wins (K > N > I > P > E2 > E1 > D), then O for users with no brand stage but a mapped event
 * in the brand's categories.
 *
 * The one builder, buildBrandStagesSql, evaluates the rules either at one date T for every user
 * of one or more brands, or per "probe" row (brand, user_id, as_of) — the GMV contribution needs
 * each buyer's stage on the day before each order, which is one pass instead of one per date.
 */
import { quoteLiteral } from '../ident';
import { inlineParams, literal } from '../params';
import type { BuiltSql } from '../types';
import { T, buildOrderNetSql } from './events';
import { BRAND_STAGES, type Condition, type RuleSet, type Stage } from './rules';

/** What a stage assignment is computed for. */
export interface StageSpec {
  brand: string;
  /** As-of date T, YYYY-MM-DD (inclusive). */
  asOf: string;
  rules: RuleSet;
  /** Money mapped: occasions need net > 0; otherwise every order is an occasion. */
  moneyAvailable: boolean;
  /** Only this source's rows (the L view); refunds still link across sources. */
  source?: string;
}

/** Where the rules are evaluated: at one date for everyone, or per (brand, user_id, as_of) row. */
export type StageAt = { date: string } | { probes: BuiltSql };

/** A stage assignment for several brands at once (the benchmark, the GMV contribution). */
export interface BrandStagesSpec {
  brands: string[];
  at: StageAt;
  rules: RuleSet;
  moneyAvailable: boolean;
  source?: string;
}

/** Deepest first: the order in which rules are tried. */
const PRECEDENCE = [...BRAND_STAGES].reverse() as Exclude<Stage, 'O'>[];

const actionList = (c: Condition): string => (c.actions ?? []).map(quoteLiteral).join(', ');

/** The longest look-back of any brand stage rule. */
const maxBrandWindow = (rules: RuleSet) => Math.max(...PRECEDENCE.map((st) => rules[st].window));

/**
 * One row per (brand, user, as_of) with a stage: (brand, user_id, as_of, stage). Users with no
 * stage are absent. Windows count calendar dates: a w-day window at T is T−w+1 … T.
 */
export function buildBrandStagesSql(spec: BrandStagesSpec): BuiltSql {
  const { rules } = spec;
  // Values are written as literals (the statement nests other builders' SQL several times).
  const p = (v: string | number) => literal(v);
  const probed = 'probes' in spec.at;
  const at = spec.at;
  /** T: a constant date, or the probe row's as_of column. */
  const t = (alias = '') => ('date' in at ? `CAST(${p(at.date)} AS DATE)` : `${alias}as_of`);
  const src = (alias = '') =>
    spec.source === undefined ? '' : ` AND ${alias}source = ${p(spec.source)}`;
  const brandIn = (alias = '') =>
    spec.brands.length ? `${alias}brand IN (${spec.brands.map(literal).join(', ')})` : 'false';
  const maxWindow = maxBrandWindow(rules);

  const probesCte = (() => {
    if (!('probes' in at)) return '';
    return `probes AS (
    SELECT DISTINCT brand, user_id, CAST(as_of AS DATE) AS as_of FROM (${inlineParams(at.probes)})
  ), `;
  })();

  let brandEv: string;
  if ('probes' in at) {
    brandEv = `SELECT e.brand, e.user_id, p.as_of, e.action, e.date, e.duration_s FROM ${T.events} e
    JOIN probes p ON e.brand = p.brand AND e.user_id = p.user_id
    WHERE e.date <= p.as_of AND e.date > p.as_of - ${p(maxWindow)}${src('e.')}`;
  } else {
    const w = brandIn();
    brandEv = `SELECT brand, user_id, ${t()} AS as_of, action, date, duration_s FROM ${T.events}
    WHERE ${w} AND date <= ${t()} AND date > ${t()} - ${p(maxWindow)}${src()}`;
  }

  const behCols: string[] = [];
  const holdParts: Record<string, string[]> = {};
  const occConds: { name: string; window: number }[] = [];
  for (const stage of PRECEDENCE) {
    holdParts[stage] = [];
    rules[stage].any.forEach((c, i) => {
      const name = `c_${stage}_${i}`;
      if (c.occasions) {
        occConds.push({ name, window: rules[stage].window });
        const lo = c.occasions.min ?? 0;
        const hi = c.occasions.max;
        holdParts[stage].push(
          `(coalesce(${name}, 0) >= ${lo}${hi === undefined ? '' : ` AND coalesce(${name}, 0) <= ${hi}`})`,
        );
        return;
      }
      const where = () =>
        `action IN (${actionList(c)}) AND date > ${t()} - ${p(rules[stage].window)}${c.minDurationS !== undefined ? ` AND duration_s >= ${p(c.minDurationS)}` : ''}`;
      behCols.push(`count(*) FILTER (WHERE ${where()})::BIGINT AS ${name}`);
      if (c.distinctDays) {
        behCols.push(`count(DISTINCT date) FILTER (WHERE ${where()})::BIGINT AS ${name}_days`);
        holdParts[stage].push(
          `(coalesce(${name}, 0) >= ${c.min ?? 1} AND coalesce(${name}_days, 0) >= ${c.distinctDays})`,
        );
      } else holdParts[stage].push(`(coalesce(${name}, 0) >= ${c.min ?? 1})`);
    });
  }
  const beh = `SELECT brand, user_id, as_of${behCols.map((c) => `,\n      ${c}`).join('')}\n    FROM brand_ev GROUP BY brand, user_id, as_of`;

  const maxOcc = Math.max(1, ...occConds.map((o) => o.window));
  let occ: string;
  if ('probes' in at) {
    // Each order's net as of the probe's own date: refunds effective on or before it.
    const refunded = `(SELECT sum(f.amount) FROM ${T.refunds} f WHERE f.brand = o.brand AND f.user_id = o.user_id AND f.order_key = o.order_key AND f.effective_date <= p.as_of)`;
    occ = `SELECT o.brand, o.user_id, p.as_of, o.date FROM ${T.orders} o
    JOIN probes p ON o.brand = p.brand AND o.user_id = p.user_id
    WHERE o.date <= p.as_of AND o.date > p.as_of - ${p(maxOcc)}${src('o.')}${spec.moneyAvailable ? `\n      AND o.amount - coalesce(${refunded}, 0) > 0` : ''}`;
  } else {
    const order = buildOrderNetSql(at.date, spec.moneyAvailable);
    const w = brandIn();
    occ = `SELECT brand, user_id, ${t()} AS as_of, date FROM (${inlineParams(order)}) WHERE occasion AND ${w}${src()}`;
  }
  const occAgg = `SELECT brand, user_id, as_of${occConds.map((o) => `,\n      count(*) FILTER (WHERE date > as_of - ${p(o.window)})::BIGINT AS ${o.name}`).join('')}\n    FROM occ GROUP BY brand, user_id, as_of`;

  const holds: Record<string, string> = {};
  for (const stage of PRECEDENCE) holds[stage] = `(${holdParts[stage].join(' OR ')})`;
  for (const stage of PRECEDENCE) {
    const req = rules[stage].requires;
    if (req) holds[stage] = `(${holds[stage]} AND (${holdParts[req].join(' OR ')}))`;
  }
  const stageCase = `CASE ${PRECEDENCE.map((s) => `WHEN ${holds[s]} THEN '${s}'`).join('\n      ')} END`;

  const bcWhere = brandIn();
  const brandCats = `SELECT DISTINCT brand, category FROM ${T.events} WHERE ${bcWhere} AND category IS NOT NULL`;
  const oUsers = probed
    ? `SELECT DISTINCT p.brand, p.user_id, p.as_of FROM probes p
    JOIN brand_cats bc ON bc.brand = p.brand
    JOIN ${T.events} e ON e.user_id = p.user_id AND e.category = bc.category
    WHERE e.date <= p.as_of AND e.date > p.as_of - ${p(rules.O.window)}${src('e.')}`
    : `SELECT DISTINCT bc.brand, e.user_id, ${t()} AS as_of FROM ${T.events} e
    JOIN brand_cats bc ON e.category = bc.category
    WHERE e.date <= ${t()} AND e.date > ${t()} - ${p(rules.O.window)}${src('e.')}`;

  const sql = `WITH ${probesCte}brand_ev AS (
    ${brandEv}
  ), beh AS (
    ${beh}
  ), occ AS (
    ${occ}
  ), occ_agg AS (
    ${occAgg}
  ), u AS (
    SELECT brand, user_id, as_of FROM beh UNION SELECT brand, user_id, as_of FROM occ_agg
  ), staged AS (
    SELECT u.brand, u.user_id, u.as_of, ${stageCase} AS stage
    FROM u
    LEFT JOIN beh ON beh.brand = u.brand AND beh.user_id = u.user_id AND beh.as_of = u.as_of
    LEFT JOIN occ_agg ON occ_agg.brand = u.brand AND occ_agg.user_id = u.user_id AND occ_agg.as_of = u.as_of
  ), brand_cats AS (
    ${brandCats}
  ), o_users AS (
    ${oUsers}
  )
SELECT brand, user_id, as_of, stage FROM staged WHERE stage IS NOT NULL
UNION ALL
SELECT o.brand, o.user_id, o.as_of, 'O' AS stage FROM o_users o
WHERE NOT EXISTS (SELECT 1 FROM staged s WHERE s.stage IS NOT NULL AND s.brand = o.brand AND s.user_id = o.user_id AND s.as_of = o.as_of)`;
  return { sql, params: [] };
}

/**
 * One brand's stages at T: one row per user with a stage, (user_id, stage). Users with no stage
 * are absent.
 */
export function buildStageAssignmentSql(spec: StageSpec): BuiltSql {
  const a = buildBrandStagesSql({
    brands: [spec.brand],
    at: { date: spec.asOf },
    rules: spec.rules,
    moneyAvailable: spec.moneyAvailable,
    source: spec.source,
  });
  return { sql: `SELECT user_id, stage FROM (${a.sql})`, params: a.params };
}

/** Users per stage at T (DOMAIN.md §3 asset scale). */
export function buildStageCountsSql(spec: StageSpec): BuiltSql {
  const a = buildStageAssignmentSql(spec);
  return {
    sql: `SELECT stage, count(*)::BIGINT AS users FROM (${a.sql}) GROUP BY stage ORDER BY stage`,
    params: a.params,
  };
}

/** The sources the brand's rows come from (the L view), most rows first. */
export function buildBrandSourcesSql(brand: string): BuiltSql {
  return {
    sql: `SELECT source, count(*)::BIGINT AS n FROM ${T.events} WHERE brand = ? AND source IS NOT NULL GROUP BY source ORDER BY n DESC, source`,
    params: [brand],
  };
}

/**
 * Cross-platform users (DOMAIN.md §3): users at D…K at T whose brand events in the 365 days
 * before T come from two or more sources.
 */
export function buildCrossPlatformSql(spec: StageSpec): BuiltSql {
  const a = buildStageAssignmentSql({ ...spec, source: undefined });
  return {
    sql: `SELECT count(*)::BIGINT AS users FROM (${a.sql}) s
WHERE s.stage <> 'O' AND (SELECT count(DISTINCT e.source) FROM ${T.events} e
  WHERE e.user_id = s.user_id AND e.brand = ? AND e.source IS NOT NULL
    AND e.date <= CAST(? AS DATE) AND e.date > CAST(? AS DATE) - 365) >= 2`,
    params: [...a.params, spec.brand, spec.asOf, spec.asOf],
  };
}
