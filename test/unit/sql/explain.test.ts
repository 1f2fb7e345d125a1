/**
 * Hand-worked tests of "why is this user here?" (src/lib/sql/analysis/explain.ts,
 * src/lib/report/explain.ts): each user's stage at T, the condition that placed them, and the
 * events or orders that satisfied it, per the DOMAIN.md §2 rules.
 *
 * Every expectation was worked out by hand from the rows next to it; nothing was copied from what
 * the code prints. Row numbers are the 0-based data rows of the fixture (row_no = the raw row id).
 *
 * As-of date T = 2024-06-30 throughout. Windows ("a w-day window at T is the dates T−w+1 … T"):
 *   15 d (D, E1, P): 2024-06-16 … 2024-06-30   (day before: 2024-06-15)
 *   30 d (E2):       2024-06-01 … 2024-06-30
 *   180 d (O):       2024-01-03 … 2024-06-30
 *   365 d (I, N, K): 2023-07-02 … 2024-06-30
 * The longest window (O included) is 365 d, so the listed events are those dated 2023-07-02 … T.
 * Brand B sells in category C; brand X also sells in C; brand Y sells in category Z only.
 * Condition indexes of DEFAULT_RULES: K 0 = member/review/share (requires N); N 0 = ≥ 2 occasions;
 * I 0 = exactly 1 occasion; P 0 = cart/favorite/coupon/deposit; E2 0 = follow/member/comment/
 * share/sample, E2 1 = video ≥ 60 s; E1 0 = search/like, E1 1 = view on ≥ 2 dates;
 * D 0 = impression/click/view/video; O 0 = any mapped event in the brand's categories.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents } from '../../../src/lib/report/prepare';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { runExplain, type ExplainReport } from '../../../src/lib/report/explain';
import { EngineError } from '../../../src/lib/engine/errors';
import { DEFAULT_RULES, type Stage } from '../../../src/lib/sql/analysis/rules';
import { buildStageAssignmentSql, type StageSpec } from '../../../src/lib/sql/analysis/stages';
import {
  buildUserConditionsSql,
  buildUserEventsCountSql,
  buildUserEventsSql,
  buildUserOrdersSql,
} from '../../../src/lib/sql/analysis/explain';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { BuiltSql } from '../../../src/lib/sql/types';
import { loadCsv, makeRunner, IDENTITY_ACTIONS } from './runner';

let api: EngineApi;
let runner: SqlRunner;

const T = '2024-06-30';
const HEADER = 'user_id,ts,action,brand,category,channel,source,amount,order_id,duration_s';

function mapping(opts: { amount?: boolean } = {}): Mapping {
  return {
    ...emptyMapping(),
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      brand: 'brand',
      category: 'category',
      channel: 'channel',
      source: 'source',
      ...(opts.amount === false ? {} : { amount: 'amount' }),
      order_id: 'order_id',
      duration_s: 'duration_s',
    },
    actions: IDENTITY_ACTIONS,
  };
}

interface Ev {
  brand?: string;
  category?: string;
  channel?: string;
  amount?: string;
  order?: string;
  dur?: string;
}

/** One CSV line; brand B, category C, channel search_ad, source tmall unless told. */
function ev(user: string, ts: string, action: string, o: Ev = {}): string {
  return [
    user,
    ts,
    action,
    o.brand ?? 'B',
    o.category ?? 'C',
    o.channel ?? 'search_ad',
    'tmall',
    o.amount ?? '',
    o.order ?? '',
    o.dur ?? '',
  ].join(',');
}

// Each line is named so that expectations can refer to its row number.
const L = {
  // d_view: one B view on 06-25, inside D's 15 d → D through D 0; that view is the evidence.
  d_view: ev('d_view', '2024-06-25 10:00', 'view'),

  // e1_two: views on 06-20 and 06-21 → 2 distinct dates in 15 d → E1 through E1 1 (E1 0 fails:
  // no search/like), count 2, days 2, both views listed.
  e1_two_a: ev('e1_two', '2024-06-20 10:00', 'view'),
  e1_two_b: ev('e1_two', '2024-06-21 10:00', 'view'),

  // e1_same: two views on 06-20 (different times) → 1 distinct date < 2 → E1 1 not met
  // (count 2, days 1); D 0 holds → D.
  e1_same_a: ev('e1_same', '2024-06-20 10:00', 'view'),
  e1_same_b: ev('e1_same', '2024-06-20 18:00', 'view'),

  // e2_vid: video 75 s on 06-25 (≥ 60 s: D and E2) and video 30 s on 06-26 (D only) → E2 through
  // E2 1 with just the 75-s video; D 0 also holds with both videos.
  e2_vid_long: ev('e2_vid', '2024-06-25 10:00', 'video', { dur: '75' }),
  e2_vid_short: ev('e2_vid', '2024-06-26 10:00', 'video', { dur: '30' }),

  // k_mem: orders o1 (02-01, 10) and o2 (05-01, 20) → 2 occasions in 365 d → N holds; member on
  // 03-01 (in K's 365 d) → K 0 met and N required and held → K through K 0.
  k_mem_o1: ev('k_mem', '2024-02-01 10:00', 'purchase', { amount: '10', order: 'o1' }),
  k_mem_o2: ev('k_mem', '2024-05-01 10:00', 'purchase', { amount: '20', order: 'o2' }),
  k_mem_member: ev('k_mem', '2024-03-01 10:00', 'member'),

  // member_only: member on 06-25 and no purchase → K 0 met but N (required) not → K 0 does not
  // hold; member is an E2 action in 30 d → E2 through E2 0.
  member_only: ev('member_only', '2024-06-25 10:00', 'member'),

  // i_ref: o1 100 on 06-10 with a 30 refund on 06-20 → net 70 > 0 → an occasion; o2 80 on 05-01
  // refunded in full (empty amount) on 05-05 → net 0 → not an occasion. Exactly 1 occasion → I
  // through I 0 (order o1; its purchase row). N 0: 1 occasion < 2.
  i_ref_o2: ev('i_ref', '2024-05-01 10:00', 'purchase', { amount: '80', order: 'o2' }),
  i_ref_o2_refund: ev('i_ref', '2024-05-05 10:00', 'refund', { order: 'o2' }),
  i_ref_o1: ev('i_ref', '2024-06-10 10:00', 'purchase', { amount: '100', order: 'o1' }),
  i_ref_o1_refund: ev('i_ref', '2024-06-20 10:00', 'refund', { amount: '30', order: 'o1' }),

  // o_other: brand X's view in category C on 06-20 (no B event) → no brand stage; a mapped event
  // in B's category in O's 180 d → O through O 0 with that row. The Y event in category Z is
  // neither B's nor in B's categories → not listed.
  o_other_x: ev('o_other', '2024-06-20 10:00', 'view', { brand: 'X' }),
  o_other_y: ev('o_other', '2024-06-21 10:00', 'view', { brand: 'Y', category: 'Z' }),

  // after_t: view on 06-25 → D; click on 07-01 = T+1 is ignored (not counted, not listed).
  after_t_in: ev('after_t', '2024-06-25 10:00', 'view'),
  after_t_out: ev('after_t', '2024-07-01 10:00', 'click'),

  // edge_in: view on 06-16 = T−14, the first date of D's window → D, that view listed.
  edge_in: ev('edge_in', '2024-06-16 00:00', 'view'),
  // edge_out: view on 06-15 = T−15, the day before D's window → D 0 count 0; still a B event in C
  // within 180 d → O through O 0.
  edge_out: ev('edge_out', '2024-06-15 23:59:59', 'view'),

  // flow_u: view on 06-01 and cart on 06-20. At T1 = 06-15: the view is in D's window 06-01 … 06-15
  // → D. At T2 = 06-30: the cart is in P's window 06-16 … 06-30 → P (the view is outside D's).
  flow_u_view: ev('flow_u', '2024-06-01 10:00', 'view'),
  flow_u_cart: ev('flow_u', '2024-06-20 10:00', 'cart'),

  // old_only: a B view on 2023-05-01, outside every window (365 d starts 2023-07-02) → no stage,
  // nothing listed; the user is still in the data (no error).
  old_only: ev('old_only', '2023-05-01 10:00', 'view'),

  // many: three views on 06-17, 06-18, 06-19 → E1 (3 dates); with a list limit of 2 the newest two
  // (06-18, 06-19) are listed and the count says 3.
  many_a: ev('many', '2024-06-17 10:00', 'view'),
  many_b: ev('many', '2024-06-18 10:00', 'view'),
  many_c: ev('many', '2024-06-19 10:00', 'view'),
};

const LINES = Object.values(L);
/** The row number of a fixture line (its 0-based data row). */
const row = (k: keyof typeof L) => LINES.indexOf(L[k]);
const USERS = [...new Set(LINES.map((l) => l.split(',')[0]))];

const spec = (moneyAvailable = true): StageSpec => ({
  brand: 'B',
  asOf: T,
  rules: DEFAULT_RULES,
  moneyAvailable,
});

async function prep(m: Mapping): Promise<void> {
  const ds = await loadCsv(api, [HEADER, ...LINES].join('\n'), 'explain.csv');
  await prepareEvents(runner, ds.table, ds.columns, m);
}

async function assignment(s: StageSpec): Promise<Record<string, Stage>> {
  const out: Record<string, Stage> = {};
  for (const r of await runner.all(buildStageAssignmentSql(s)))
    out[String(r.user_id)] = String(r.stage) as Stage;
  return out;
}

const cond = (x: ExplainReport, stage: Stage, i: number) => {
  const c = x.conditions.find((c) => c.stage === stage && c.cond === i);
  if (!c) throw new Error(`no condition ${stage} ${i}`);
  return c;
};

const placeholders = (q: BuiltSql) => (q.sql.match(/\?/g) ?? []).length;

beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

describe('explain: why is this user here (DOMAIN.md §2), default rules', () => {
  beforeAll(async () => {
    await prep(mapping());
  });

  it('builders have one param per placeholder', () => {
    for (const q of [
      buildUserConditionsSql(spec(), 'u'),
      buildUserConditionsSql({ ...spec(false), source: 'tmall' }, 'u'),
      buildUserEventsSql('B', T, 'u', DEFAULT_RULES),
      buildUserEventsSql('B', T, 'u', DEFAULT_RULES, 'tmall', 10),
      buildUserEventsCountSql('B', T, 'u', DEFAULT_RULES),
      buildUserOrdersSql('B', T, 'u', true),
      buildUserOrdersSql('B', T, 'u', false, 'tmall'),
    ])
      expect(placeholders(q)).toBe(q.params.length);
  });

  it('the stage always equals the stage assignment, and the conditions agree with it', async () => {
    const a = await assignment(spec());
    for (const u of USERS) {
      const x = await runExplain(runner, spec(), u);
      expect([u, x.stage]).toEqual([u, a[u] ?? null]);
      expect([u, x.reason === null]).toEqual([u, x.stage === null]);
      // The deepest stage whose conditions hold (then O) is the assigned stage.
      const deepest =
        x.conditions.find((c) => c.stage !== 'O' && c.stageHolds)?.stage ??
        (cond(x, 'O', 0).holds ? 'O' : null);
      expect([u, deepest]).toEqual([u, x.stage]);
    }
    // Hand-worked stages of every user.
    expect(a).toEqual({
      d_view: 'D',
      e1_two: 'E1',
      e1_same: 'D',
      e2_vid: 'E2',
      k_mem: 'K',
      member_only: 'E2',
      i_ref: 'I',
      o_other: 'O',
      after_t: 'D',
      edge_in: 'D',
      edge_out: 'O',
      flow_u: 'P',
      many: 'E1',
    });
  });

  it('reads the rule set: a 16-day D window and "3 views on 2 dates" for E1', async () => {
    const rules = structuredClone(DEFAULT_RULES);
    rules.D.window = 16; // 06-15 … 06-30
    rules.E1.any[1] = { actions: ['view'], min: 3, distinctDays: 2 };
    const s = { ...spec(), rules };
    const a = await assignment(s);
    for (const u of USERS)
      expect([u, (await runExplain(runner, s, u)).stage]).toEqual([u, a[u] ?? null]);
    // edge_out's view on 06-15 is now in D's window → D (was O).
    const out = await runExplain(runner, s, 'edge_out');
    expect(out.reason).toMatchObject({ stage: 'D', cond: 0, text: { window: 16 } });
    // e1_two: 2 views on 2 dates < 3 views → E1 1 not met → D.
    const two = await runExplain(runner, s, 'e1_two');
    expect(two.stage).toBe('D');
    expect(cond(two, 'E1', 1)).toMatchObject({ met: false, count: 2, days: 2 });
    // many: 3 views on 3 dates → E1 through E1 1.
    const many = await runExplain(runner, s, 'many');
    expect(many.reason?.text).toEqual({
      stage: 'E1',
      cond: 1,
      actions: ['view'],
      min: 3,
      distinctDays: 2,
      window: 15,
    });
  });

  it("a per-source spec reads that source's rows only", async () => {
    // Every fixture row is from tmall: the tmall view equals the union; jd has no rows at all.
    const tmall = await runExplain(runner, { ...spec(), source: 'tmall' }, 'k_mem');
    expect(tmall.stage).toBe('K');
    expect(tmall.orders.map((o) => o.orderKey)).toEqual(['o1', 'o2']);
    const jd = await runExplain(runner, { ...spec(), source: 'jd' }, 'k_mem');
    expect([jd.stage, jd.reason, jd.events, jd.orders]).toEqual([null, null, [], []]);
    expect(jd.conditions.some((c) => c.met)).toBe(false);
  });

  it('D through one view: reason D 0, that view listed', async () => {
    const x = await runExplain(runner, spec(), 'd_view');
    expect(x.stage).toBe('D');
    expect(x.reason).toEqual({
      stage: 'D',
      cond: 0,
      text: {
        stage: 'D',
        cond: 0,
        actions: ['impression', 'click', 'view', 'video'],
        min: 1,
        window: 15,
      },
    });
    expect(cond(x, 'D', 0)).toMatchObject({
      holds: true,
      count: 1,
      days: 1,
      rowNos: [row('d_view')],
    });
    // E1 1 (views on ≥ 2 dates): 1 view → not met.
    expect(cond(x, 'E1', 1)).toMatchObject({ met: false, count: 1, days: 1 });
    expect(x.events).toEqual([
      {
        rowNo: row('d_view'),
        ts: '2024-06-25T10:00:00Z',
        date: '2024-06-25',
        action: 'view',
        brand: 'B',
        category: 'C',
        channel: 'search_ad',
        source: 'tmall',
        amount: null,
        orderId: null,
        durationS: null,
      },
    ]);
    expect(x.eventsTotal).toBe(1);
    expect(x.orders).toEqual([]);
    expect(x.flow).toBeUndefined();
  });

  it('E1 through views on 2 distinct dates; two views on one date stay D', async () => {
    const two = await runExplain(runner, spec(), 'e1_two');
    expect(two.stage).toBe('E1');
    expect(two.reason?.cond).toBe(1);
    expect(two.reason?.text).toEqual({
      stage: 'E1',
      cond: 1,
      actions: ['view'],
      min: 1,
      distinctDays: 2,
      window: 15,
    });
    expect(cond(two, 'E1', 0)).toMatchObject({ met: false, holds: false, count: 0 });
    expect(cond(two, 'E1', 1)).toMatchObject({
      holds: true,
      count: 2,
      days: 2,
      rowNos: [row('e1_two_a'), row('e1_two_b')],
    });

    const same = await runExplain(runner, spec(), 'e1_same');
    expect(same.stage).toBe('D');
    expect(same.reason).toMatchObject({ stage: 'D', cond: 0 });
    expect(cond(same, 'E1', 1)).toMatchObject({ met: false, holds: false, count: 2, days: 1 });
    expect(cond(same, 'D', 0)).toMatchObject({
      holds: true,
      count: 2,
      days: 1,
      rowNos: [row('e1_same_a'), row('e1_same_b')],
    });
  });

  it('E2 through a video of ≥ 60 s; the 30-s video only counts for D', async () => {
    const x = await runExplain(runner, spec(), 'e2_vid');
    expect(x.stage).toBe('E2');
    expect(x.reason?.cond).toBe(1);
    expect(x.reason?.text).toEqual({
      stage: 'E2',
      cond: 1,
      actions: ['video'],
      min: 1,
      minDurationS: 60,
      window: 30,
    });
    expect(cond(x, 'E2', 1)).toMatchObject({ holds: true, count: 1, rowNos: [row('e2_vid_long')] });
    expect(cond(x, 'D', 0)).toMatchObject({
      holds: true,
      stageHolds: true,
      count: 2,
      rowNos: [row('e2_vid_long'), row('e2_vid_short')],
    });
    expect(x.events.map((e) => e.durationS)).toEqual([75, 30]);
  });

  it('K through member with ≥ 2 occasions (requires N); member alone is E2', async () => {
    const k = await runExplain(runner, spec(), 'k_mem');
    expect(k.stage).toBe('K');
    expect(k.reason?.text).toEqual({
      stage: 'K',
      cond: 0,
      actions: ['member', 'review', 'share'],
      min: 1,
      requires: 'N',
      window: 365,
    });
    expect(cond(k, 'K', 0)).toMatchObject({
      met: true,
      requiresMet: true,
      holds: true,
      count: 1,
      rowNos: [row('k_mem_member')],
    });
    expect(cond(k, 'N', 0)).toMatchObject({
      kind: 'occasions',
      holds: true,
      requiresMet: null,
      count: 2,
      days: 2,
      orderKeys: ['o1', 'o2'],
      rowNos: [row('k_mem_o1'), row('k_mem_o2')],
    });
    // Exactly 1 occasion: 2 → I 0 not met (its rule would hold were N absent).
    expect(cond(k, 'I', 0)).toMatchObject({ met: false, count: 2 });
    expect(k.orders).toEqual([
      {
        orderKey: 'o1',
        orderId: 'o1',
        ts: '2024-02-01T10:00:00Z',
        date: '2024-02-01',
        amount: 10,
        net: 10,
        occasion: true,
      },
      {
        orderKey: 'o2',
        orderId: 'o2',
        ts: '2024-05-01T10:00:00Z',
        date: '2024-05-01',
        amount: 20,
        net: 20,
        occasion: true,
      },
    ]);

    const m = await runExplain(runner, spec(), 'member_only');
    expect(m.stage).toBe('E2');
    expect(m.reason).toMatchObject({ stage: 'E2', cond: 0 });
    expect(cond(m, 'K', 0)).toMatchObject({
      met: true,
      requiresMet: false,
      holds: false,
      stageHolds: false,
    });
    expect(cond(m, 'E2', 0).rowNos).toEqual([row('member_only')]);
  });

  it('I with one occasion after a partial refund; a fully refunded order is no occasion', async () => {
    const x = await runExplain(runner, spec(), 'i_ref');
    expect(x.stage).toBe('I');
    expect(x.reason?.text).toEqual({
      stage: 'I',
      cond: 0,
      occasions: { min: 1, max: 1 },
      window: 365,
    });
    expect(cond(x, 'I', 0)).toMatchObject({
      holds: true,
      count: 1,
      orderKeys: ['o1'],
      rowNos: [row('i_ref_o1')],
    });
    expect(cond(x, 'N', 0)).toMatchObject({ met: false, count: 1 });
    // o2: 80 refunded in full → net 0, no occasion; o1: 100 − 30 = 70.
    expect(x.orders.map((o) => [o.orderKey, o.amount, o.net, o.occasion])).toEqual([
      ['o2', 80, 0, false],
      ['o1', 100, 70, true],
    ]);
    // All four rows are B rows in the 365-d window, refunds included.
    expect(x.events.map((e) => e.rowNo)).toEqual([
      row('i_ref_o2'),
      row('i_ref_o2_refund'),
      row('i_ref_o1'),
      row('i_ref_o1_refund'),
    ]);
  });

  it('without money every order is an occasion, refunds cancel nothing, money is null', async () => {
    await prep(mapping({ amount: false }));
    try {
      const x = await runExplain(runner, spec(false), 'i_ref');
      // o1 and o2 both occasions → 2 → N through N 0.
      expect(x.stage).toBe('N');
      expect(x.stage).toBe((await assignment(spec(false))).i_ref);
      expect(cond(x, 'N', 0)).toMatchObject({ holds: true, orderKeys: ['o2', 'o1'] });
      expect(x.orders.map((o) => [o.orderKey, o.amount, o.net, o.occasion])).toEqual([
        ['o2', null, null, true],
        ['o1', null, null, true],
      ]);
    } finally {
      await prep(mapping());
    }
  });

  it("O through another brand's event in the category; other categories are not listed", async () => {
    const x = await runExplain(runner, spec(), 'o_other');
    expect(x.stage).toBe('O');
    expect(x.reason).toEqual({
      stage: 'O',
      cond: 0,
      text: { stage: 'O', cond: 0, category: true, min: 1, window: 180 },
    });
    expect(cond(x, 'O', 0)).toMatchObject({
      kind: 'category',
      holds: true,
      count: 1,
      rowNos: [row('o_other_x')],
    });
    expect(x.conditions.filter((c) => c.stage !== 'O' && c.holds)).toEqual([]);
    expect(x.events.map((e) => [e.rowNo, e.brand])).toEqual([[row('o_other_x'), 'X']]);
  });

  it('an event after T is neither counted nor listed', async () => {
    const x = await runExplain(runner, spec(), 'after_t');
    expect(x.stage).toBe('D');
    expect(cond(x, 'D', 0)).toMatchObject({ count: 1, rowNos: [row('after_t_in')] });
    expect(x.events.map((e) => e.rowNo)).toEqual([row('after_t_in')]);
    expect(x.eventsTotal).toBe(1);
  });

  it('window boundary: T−w+1 is in, T−w is out', async () => {
    const inn = await runExplain(runner, spec(), 'edge_in');
    expect(inn.stage).toBe('D');
    expect(cond(inn, 'D', 0)).toMatchObject({ holds: true, rowNos: [row('edge_in')] });

    const out = await runExplain(runner, spec(), 'edge_out');
    expect(out.stage).toBe('O');
    expect(cond(out, 'D', 0)).toMatchObject({ met: false, count: 0, rowNos: [] });
    expect(cond(out, 'O', 0)).toMatchObject({ holds: true, rowNos: [row('edge_out')] });
    // Listed: it is in the longest (365-d) window.
    expect(out.events.map((e) => e.rowNo)).toEqual([row('edge_out')]);
  });

  it('a user in the data but with nothing in any window: no stage, no reason, no error', async () => {
    const x = await runExplain(runner, spec(), 'old_only');
    expect(x.stage).toBeNull();
    expect(x.reason).toBeNull();
    expect(x.events).toEqual([]);
    expect(x.eventsTotal).toBe(0);
    expect(x.conditions.some((c) => c.met)).toBe(false);
  });

  it('an unknown user id is a typed CONFIG error with a hint', async () => {
    const err = await runExplain(runner, spec(), 'nobody').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ code: 'CONFIG', message: 'User "nobody" is not in the data.' });
    expect((err as EngineError).hint).toMatch(/user column/);
  });

  it('surrounding spaces in the pasted id are ignored', async () => {
    const x = await runExplain(runner, spec(), '  d_view ');
    expect(x.userId).toBe('d_view');
    expect(x.stage).toBe('D');
  });

  it('flow: the stages at T1 and T2', async () => {
    const period = { from: '2024-06-15', to: '2024-06-30' };
    const f = await runExplain(runner, spec(), 'flow_u', period);
    expect(f.flow).toEqual({ t1: 'D', t2: 'P' });
    // d_view's only event (06-25) is after T1 → no stage at T1; D at T2.
    expect((await runExplain(runner, spec(), 'd_view', period)).flow).toEqual({
      t1: null,
      t2: 'D',
    });
    // Stages at T1 agree with the assignment at T1 for every user.
    const a1 = await assignment({ ...spec(), asOf: period.from });
    for (const u of USERS) {
      const x = await runExplain(runner, spec(), u, period);
      expect([u, x.flow?.t1]).toEqual([u, a1[u] ?? null]);
    }
    const bad = await runExplain(runner, spec(), 'flow_u', { from: T, to: T }).catch(
      (e: unknown) => e,
    );
    expect(bad).toMatchObject({ code: 'CONFIG' });
  });

  it('lists the newest events when there are more than the limit, oldest first', async () => {
    const q = buildUserEventsSql('B', T, 'many', DEFAULT_RULES, undefined, 2);
    const got = (await runner.all(q)).map((r) => Number(r.row_no));
    expect(got).toEqual([row('many_b'), row('many_c')]);
    const [n] = await runner.all(buildUserEventsCountSql('B', T, 'many', DEFAULT_RULES));
    expect(Number(n.n)).toBe(3);
  });
});
