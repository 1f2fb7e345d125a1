import { EngineError } from '../engine/errors';
import {
  buildUserConditionsSql,
  buildUserEventsCountSql,
  buildUserEventsSql,
  buildUserExistsSql,
  buildUserOrdersSql,
} from '../sql/analysis/explain';
import type { RuleSet, Stage } from '../sql/analysis/rules';
import { buildStageAssignmentSql, type StageSpec } from '../sql/analysis/stages';
import { num, type Row, type SqlRunner } from './runner';

/**
 * A condition as structured data (the UI words it): the rule's own parameters with defaults
 * filled in (`min` 1 for actions), the window in days and, for K-like rules, the stage required.
 * O's condition is `category: true` (any mapped event in the brand's categories).
 */
export interface ConditionText {
  stage: Stage;
  cond: number;
  actions?: string[];
  min?: number;
  distinctDays?: number;
  minDurationS?: number;
  occasions?: { min?: number; max?: number };
  requires?: Stage;
  category?: true;
  window: number;
}

/** One condition evaluated for the user at T (see buildUserConditionsSql). */
export interface ExplainCondition {
  stage: Stage;
  cond: number;
  kind: 'actions' | 'occasions' | 'category';
  /** The condition on its own. */
  met: boolean;
  /** The required stage's rule; null when the stage requires none. */
  requiresMet: boolean | null;
  /** met and requiresMet: the stage's rule holds through this condition. */
  holds: boolean;
  /** Some condition of this stage holds. */
  stageHolds: boolean;
  count: number;
  days: number;
  /** The matching events (for occasions: their orders' purchase rows), by time. */
  rowNos: number[];
  /** The matching purchase occasions' order keys, by time (occasion conditions only). */
  orderKeys: string[];
  text: ConditionText;
}

/** One of the user's events (buildUserEventsSql). */
export interface ExplainEvent {
  rowNo: number;
  ts: string;
  date: string;
  action: string;
  brand: string | null;
  category: string | null;
  channel: string | null;
  source: string | null;
  amount: number | null;
  orderId: string | null;
  durationS: number | null;
}

/** One of the user's brand orders, as of T (buildUserOrdersSql). */
export interface ExplainOrder {
  orderKey: string;
  orderId: string | null;
  ts: string;
  date: string;
  amount: number | null;
  net: number | null;
  occasion: boolean;
}

/** Why the user has their stage at T. */
export interface ExplainReport {
  userId: string;
  stage: Stage | null;
  /** The first holding condition of the user's stage; null when the user has no stage. */
  reason: { stage: Stage; cond: number; text: ConditionText } | null;
  /** Every condition of every stage, deepest stage first, then O. */
  conditions: ExplainCondition[];
  /** The newest events that matter at T (at most USER_EVENTS_LIMIT), oldest first. */
  events: ExplainEvent[];
  /** All events that matter at T; more than events.length when the list was cut. */
  eventsTotal: number;
  orders: ExplainOrder[];
  /** The user's stage at T1 and T2 of a flow period, when one is given. */
  flow?: { t1: Stage | null; t2: Stage | null };
}

const str = (v: Row[string]): string | null => (v === null ? null : String(v));
const numOrNull = (v: Row[string]): number | null => (v === null ? null : num(v));
const bool = (v: Row[string]): boolean => v === true || v === 'true' || v === 1;

/** The structured description of one condition of the rule set. */
export function describeCondition(rules: RuleSet, stage: Stage, cond: number): ConditionText {
  if (stage === 'O') return { stage, cond, category: true, min: 1, window: rules.O.window };
  const rule = rules[stage];
  const c = rule.any[cond];
  const out: ConditionText = { stage, cond, window: rule.window };
  if (c.occasions) out.occasions = { ...c.occasions };
  else {
    out.actions = [...(c.actions ?? [])];
    out.min = c.min ?? 1;
    if (c.distinctDays !== undefined) out.distinctDays = c.distinctDays;
    if (c.minDurationS !== undefined) out.minDurationS = c.minDurationS;
  }
  if (rule.requires !== undefined) out.requires = rule.requires;
  return out;
}

async function stageAt(
  runner: SqlRunner,
  spec: StageSpec,
  asOf: string,
  userId: string,
): Promise<Stage | null> {
  const a = buildStageAssignmentSql({ ...spec, asOf });
  const [r] = await runner.all({
    sql: `SELECT stage FROM (${a.sql}) WHERE user_id = ?`,
    params: [...a.params, userId],
  });
  return r ? (String(r.stage) as Stage) : null;
}

async function conditions(
  runner: SqlRunner,
  spec: StageSpec,
  userId: string,
): Promise<ExplainCondition[]> {
  const c = buildUserConditionsSql(spec, userId);
  // Lists are unnested into rows here, since engines hand list values back in different shapes.
  const scalar = await runner.all({
    sql: `SELECT * EXCLUDE (row_nos, order_keys) FROM (${c.sql}) ORDER BY ord, cond`,
    params: c.params,
  });
  const items = await runner.all({
    sql: `SELECT ord, cond, unnest(range(greatest(len(row_nos), len(order_keys)))) AS i,
  unnest(row_nos) AS row_no, unnest(order_keys) AS order_key
FROM (${c.sql}) ORDER BY ord, cond, i`,
    params: c.params,
  });
  const out = scalar.map((r): ExplainCondition => {
    const stage = String(r.stage) as Stage;
    const cond = num(r.cond);
    return {
      stage,
      cond,
      kind: String(r.kind) as ExplainCondition['kind'],
      met: bool(r.met),
      requiresMet: r.requires_met === null ? null : bool(r.requires_met),
      holds: bool(r.holds),
      stageHolds: bool(r.stage_holds),
      count: num(r.count),
      days: num(r.days),
      rowNos: [],
      orderKeys: [],
      text: describeCondition(spec.rules, stage, cond),
    };
  });
  const at = new Map(out.map((c, i) => [`${num(scalar[i].ord)}:${c.cond}`, c]));
  for (const r of items) {
    const c = at.get(`${num(r.ord)}:${num(r.cond)}`);
    if (!c) continue;
    if (r.row_no !== null) c.rowNos.push(num(r.row_no));
    if (r.order_key !== null) c.orderKeys.push(String(r.order_key));
  }
  return out;
}

/**
 * Explains one user's stage at T: the stage (from the stage assignment, so it matches the
 * counts), the condition that placed them, every condition evaluated, their events and orders,
 * and optionally their stages at the two ends of a flow period. Throws an EngineError 'CONFIG'
 * when the user id is not in the cleaned events.
 */
export async function runExplain(
  runner: SqlRunner,
  spec: StageSpec,
  userId: string,
  flow?: { from: string; to: string },
): Promise<ExplainReport> {
  const id = userId.trim();
  const [exists] = await runner.all(buildUserExistsSql(id));
  if (!id || num(exists?.n) === 0)
    throw new EngineError(
      'CONFIG',
      `User "${id}" is not in the data.`,
      'Paste the id exactly as it appears in the mapped user column; rows dropped when cleaning (duplicates, invalid or unmapped rows) do not count.',
    );
  if (flow && !(flow.from < flow.to))
    throw new EngineError(
      'CONFIG',
      `The flow start (${flow.from}) must be before its end (${flow.to}).`,
      'The flow compares stages at T1 < T2.',
    );

  const stage = await stageAt(runner, spec, spec.asOf, id);
  const conds = await conditions(runner, spec, id);
  const first = stage === null ? undefined : conds.find((c) => c.stage === stage && c.holds);
  const reason = first ? { stage: first.stage, cond: first.cond, text: first.text } : null;

  const events = (
    await runner.all(buildUserEventsSql(spec.brand, spec.asOf, id, spec.rules, spec.source))
  ).map((r): ExplainEvent => ({
    rowNo: num(r.row_no),
    ts: String(r.ts),
    date: String(r.date),
    action: String(r.action),
    brand: str(r.brand),
    category: str(r.category),
    channel: str(r.channel),
    source: str(r.source),
    amount: numOrNull(r.amount),
    orderId: str(r.order_id),
    durationS: numOrNull(r.duration_s),
  }));
  const [total] = await runner.all(
    buildUserEventsCountSql(spec.brand, spec.asOf, id, spec.rules, spec.source),
  );
  const orders = (
    await runner.all(
      buildUserOrdersSql(spec.brand, spec.asOf, id, spec.moneyAvailable, spec.source),
    )
  ).map((r): ExplainOrder => ({
    orderKey: String(r.order_key),
    orderId: str(r.order_id),
    ts: String(r.ts),
    date: String(r.date),
    amount: numOrNull(r.amount),
    net: numOrNull(r.net),
    occasion: bool(r.occasion),
  }));

  const report: ExplainReport = {
    userId: id,
    stage,
    reason,
    conditions: conds,
    events,
    eventsTotal: num(total?.n),
    orders,
  };
  if (flow)
    report.flow = {
      t1: await stageAt(runner, spec, flow.from, id),
      t2: await stageAt(runner, spec, flow.to, id),
    };
  return report;
}
