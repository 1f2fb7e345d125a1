/**
 * The GMV → DEEPLINK planner (src/lib/plan/planner.ts, docs/planner.md). Every expected value below
 * is worked out by hand in the comments, from the inputs in `example`, not copied from a run.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  baseline,
  inverse,
  plan,
  scaleRates,
  sensitivity,
  type Plan,
  type PlanInputs,
  type PlanStage,
  type PlanResult,
} from '../../../src/lib/plan/planner';

// Base period (T1, T2]:
//   assets at T1      D 10000  E1 4000  E2 2000  P 1000  I 500  N 200  K 100
//   conversion        D .01    E1 .02   E2 .05   P .2
//   first buyers      D 100    E1 80    E2 100   P 200   → 480 from assets, + 120 newcomers = 600
//   repeat rate                                           I .2   N .4   K .6
//   repeat buyers                                         I 100  N 80   K 60  → 240
//   g1 = 100, g2 = 150: first-time GMV 600·100 = 60 000, repeat GMV 240·150 = 36 000,
//   base GMV 96 000, measured mix 60 000 / 96 000 = 0.625.
// Target G = 192 000 (twice the base):
//   B1 = 192 000·0.625 / 100 = 1200;  B2 = 192 000·0.375 / 150 = 72 000 / 150 = 480.
//   From pre-sales assets: 1200 − 120 newcomers = 1080, split 100:80:100:200 (of 480)
//     D 1080·100/480 = 225 → needed 225/.01 = 22 500
//     E1 1080·80/480 = 180 → needed 180/.02 = 9 000
//     E2 225 → needed 225/.05 = 4 500
//     P 1080·200/480 = 450 → needed 450/.2 = 2 250
//   Repeat: 480 split 100:80:60 (of 240)
//     I 200 → needed 200/.2 = 1 000;  N 160 → 160/.4 = 400;  K 120 → 120/.6 = 200
//   today D 12000 E1 5000 E2 2500 P 1200 I 600 N 250 K 250
//   gap   D 10500 E1 4000 E2 2000 P 1050 I 400 N 150 K −50 (moveIn 0)
const example = (): PlanInputs => ({
  assets: { D: 10000, E1: 4000, E2: 2000, P: 1000, I: 500, N: 200, K: 100 },
  today: { D: 12000, E1: 5000, E2: 2500, P: 1200, I: 600, N: 250, K: 250 },
  conversion: { D: 0.01, E1: 0.02, E2: 0.05, P: 0.2 },
  newcomerFirstBuyers: 120,
  progression: { D: 0.1, E1: 0.2, E2: 0.25, P: 0.4 },
  firstGmvPerBuyer: 100,
  repeatGmvPerBuyer: 150,
  repeatRate: { I: 0.2, N: 0.4, K: 0.6 },
  targetGmv: 192_000,
});

// Budget: cost of one transition into each stage per channel.
//   D  cheapest display .5 → 10500·.5 = 5 250
//   E1 search = livestream = 2 (tie) → 4000·2 = 8 000
//   E2 livestream 5 → 2000·5 = 10 000 (kol has no measure: skipped)
//   P  search 10 → 1050·10 = 10 500 (display −1 is invalid: skipped)
//   I  no channel at all, 400 users to move → uncosted
//   N  crm 20 → 150·20 = 3 000
//   K  no gap → 0
//   total 5250 + 8000 + 10000 + 10500 + 3000 = 36 750
const costs: PlanInputs['costPerTransition'] = {
  D: { display: 0.5, search: 0.8 },
  E1: { search: 2, livestream: 2 },
  E2: { livestream: 5, kol: null },
  P: { search: 10, display: -1 },
  N: { crm: 20 },
  K: { crm: 30 },
};

function ok(result: PlanResult): Plan {
  if (!result.ok) throw new Error(`expected a plan, got ${result.reason}`);
  return result.plan;
}
const row = (p: Plan, s: PlanStage) => p.stages.find((r) => r.stage === s)!;
const needed = (p: Plan) => Object.fromEntries(p.stages.map((r) => [r.stage, r.needed]));

describe('plan: the hand-worked example', () => {
  const p = ok(plan({ ...example(), costPerTransition: costs }));

  it('measures the base period and its first-time share of GMV', () => {
    expect(baseline(example())).toEqual({
      firstTimeBuyers: 600,
      repeatBuyers: 240,
      firstTimeGmv: 60_000,
      repeatGmv: 36_000,
      mix: 0.625,
    });
    expect(p.mix).toBe(0.625);
    expect(p.mixSource).toBe('measured');
  });

  it('turns the target into first-time and repeat buyers', () => {
    expect(p.firstTimeBuyers).toBeCloseTo(1200, 9);
    expect(p.repeatBuyers).toBeCloseTo(480, 9);
    expect(p.firstTimeFromAssets).toBeCloseTo(1080, 9);
    expect(p.newcomersExceed).toBe(false);
  });

  it('allocates buyers to stages and sizes the assets needed', () => {
    const expected = { D: 22500, E1: 9000, E2: 4500, P: 2250, I: 1000, N: 400, K: 200 };
    for (const [s, v] of Object.entries(expected)) expect(needed(p)[s]).toBeCloseTo(v, 6);
    expect(row(p, 'D').share).toBeCloseTo(100 / 480, 12);
    expect(row(p, 'P').buyers).toBeCloseTo(450, 9);
    expect(row(p, 'N').share).toBeCloseTo(1 / 3, 12);
    expect(row(p, 'K').buyers).toBeCloseTo(120, 9);
  });

  it('reports the gap to today and the users to move in', () => {
    const gaps = { D: 10500, E1: 4000, E2: 2000, P: 1050, I: 400, N: 150, K: -50 };
    for (const [s, v] of Object.entries(gaps)) {
      const r = row(p, s as PlanStage);
      expect(r.gap).toBeCloseTo(v, 6);
      expect(r.moveIn).toBeCloseTo(Math.max(0, v), 6);
    }
  });

  it('shows the feeder: users one stage below to work, at its progression rate', () => {
    // E1 4000/p_D .1 = 40 000 at D; E2 2000/p_E1 .2 = 10 000 at E1; P 1050/p_E2 .25 = 4 200 at
    // E2; I 400/p_P .4 = 1 000 at P; D, N and K have no feeder.
    expect(row(p, 'E1').feeder?.from).toBe('D');
    expect(row(p, 'E1').feeder?.users).toBeCloseTo(40_000, 6);
    expect(row(p, 'E2').feeder?.users).toBeCloseTo(10_000, 6);
    expect(row(p, 'P').feeder?.users).toBeCloseTo(4_200, 6);
    expect(row(p, 'I').feeder).toMatchObject({ from: 'P' });
    expect(row(p, 'I').feeder?.users).toBeCloseTo(1_000, 6);
    expect([row(p, 'D').feeder, row(p, 'N').feeder, row(p, 'K').feeder]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('budgets each gap at the cheapest measured channel', () => {
    const b = p.budget!;
    const by = (s: PlanStage) => b.stages.find((x) => x.stage === s)!;
    expect(by('D')).toMatchObject({ cheapest: ['display'], costPerUser: 0.5 });
    expect(by('D').budget).toBeCloseTo(5250, 6);
    expect(by('E1').cheapest).toEqual(['search', 'livestream']);
    expect(by('E1').budget).toBeCloseTo(8000, 6);
    expect(by('E2').skipped).toEqual([{ channel: 'kol', reason: 'no-cost' }]);
    expect(by('E2').budget).toBeCloseTo(10_000, 6);
    expect(by('P').skipped).toEqual([{ channel: 'display', reason: 'invalid-cost' }]);
    expect(by('P').budget).toBeCloseTo(10_500, 6);
    expect(by('I')).toMatchObject({ budget: null, reason: 'no-channel', cheapest: [] });
    expect(by('N').budget).toBeCloseTo(3000, 6);
    expect(by('K')).toMatchObject({ budget: 0, reason: 'no-gap' });
    expect(b.total).toBeCloseTo(36_750, 6);
    expect(b.uncosted).toEqual(['I']);
  });

  it('has no budget when no costs were given', () => {
    expect(ok(plan(example())).budget).toBeNull();
  });

  it('gives back the T1 assets when the target is the base GMV', () => {
    // G = 96 000 with mix .625: B1 = 600, B2 = 240, i.e. exactly the base period's buyers.
    const q = ok(plan({ ...example(), targetGmv: 96_000 }));
    const assets = example().assets;
    for (const r of q.stages) expect(r.needed).toBeCloseTo(assets[r.stage], 6);
  });
});

describe('inverse', () => {
  it('returns the target GMV from the planned start assets', () => {
    // Pre: 22500·.01 + 9000·.02 + 4500·.05 + 2250·.2 = 225+180+225+450 = 1080, +120 = 1200 → ·100
    // = 120 000. Post: 1000·.2 + 400·.4 + 200·.6 = 480 → ·150 = 72 000. Sum 192 000.
    const inputs = example();
    expect(inverse(ok(plan(inputs)), inputs)).toBeCloseTo(192_000, 6);
  });

  it('holds for any valid inputs (property, to 1e-9 relative)', () => {
    const rate = fc.double({ min: 0.001, max: 1, noNaN: true });
    const count = fc.integer({ min: 1, max: 1_000_000 });
    fc.assert(
      fc.property(
        fc.tuple(count, count, count, count, count, count, count),
        fc.tuple(rate, rate, rate, rate, rate, rate, rate),
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        fc.double({ min: 1e5, max: 1e9, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        ([d, e1, e2, pp, i, n, k], [cd, ce1, ce2, cp, ri, rn, rk], newcomers, g1, g2, G, mix) => {
          const inputs: PlanInputs = {
            ...example(),
            assets: { D: d, E1: e1, E2: e2, P: pp, I: i, N: n, K: k },
            conversion: { D: cd, E1: ce1, E2: ce2, P: cp },
            repeatRate: { I: ri, N: rn, K: rk },
            newcomerFirstBuyers: newcomers,
            firstGmvPerBuyer: g1,
            repeatGmvPerBuyer: g2,
            targetGmv: G,
            mix,
          };
          const p = ok(plan(inputs));
          if (p.newcomersExceed) return;
          expect(Math.abs(inverse(p, inputs) - G) / G).toBeLessThan(1e-9);
        },
      ),
      { seed: 20261123, numRuns: 300 },
    );
  });

  it('overshoots when newcomers alone exceed the first-time buyers needed', () => {
    // G = 9 600: B1 = 9600·.625/100 = 60 < 120 newcomers → pre-sales needs are all 0.
    // B2 = 9600·.375/150 = 24 → I 10, N 8, K 6 → needed I 50, N 20, K 10.
    // inverse = 120·100 + (50·.2 + 20·.4 + 10·.6)·150 = 12 000 + 3 600 = 15 600.
    const inputs = { ...example(), targetGmv: 9600 };
    const p = ok(plan(inputs));
    expect(p.newcomersExceed).toBe(true);
    expect(p.firstTimeFromAssets).toBe(0);
    for (const s of ['D', 'E1', 'E2', 'P'] as const) expect(row(p, s).needed).toBe(0);
    expect(row(p, 'I').needed).toBeCloseTo(50, 9);
    expect(row(p, 'K').needed).toBeCloseTo(10, 9);
    expect(inverse(p, inputs)).toBeCloseTo(15_600, 6);
  });
});

describe('sensitivity', () => {
  // Every rate × (1 + x). The pre-sales rates all move together, so the shares stay 100:80:100:200
  // and P keeps 450 buyers; the mix is held at .625, so B1 stays 1200.
  //   x = −.2: c_P = .16 → needed 450/.16 = 2 812.5, gap 2812.5 − 1200 = 1 612.5, budget ·10 = 16 125
  //   x = −.1: c_P = .18 → 2 500
  //   x =   0: c_P = .2  → 2 250
  //   x = +.1: c_P = .22 → 450/.22 = 2 045.4545…
  //   x = +.2: c_P = .24 → 1 875, gap 675, budget 6 750
  const rows = sensitivity({ ...example(), costPerTransition: costs });
  const pOf = (x: number) => rows.find((r) => r.change === x)!;

  it('has one row per change, default ±20 % and ±10 %', () => {
    expect(rows.map((r) => r.change)).toEqual([-0.2, -0.1, 0, 0.1, 0.2]);
    expect(rows.every((r) => r.plan?.mix === 0.625 && r.plan.mixSource === 'measured')).toBe(true);
  });

  it('resizes P by hand for ±10 % and ±20 %', () => {
    expect(pOf(-0.2).needed!.P).toBeCloseTo(2812.5, 6);
    expect(pOf(-0.1).needed!.P).toBeCloseTo(2500, 6);
    expect(pOf(0).needed!.P).toBeCloseTo(2250, 6);
    expect(pOf(0.1).needed!.P).toBeCloseTo(2045.454545, 5);
    expect(pOf(0.2).needed!.P).toBeCloseTo(1875, 6);
    const pBudget = (x: number) => pOf(x).plan!.budget!.stages.find((b) => b.stage === 'P')!.budget;
    expect(pBudget(-0.2)).toBeCloseTo(16_125, 6);
    expect(pBudget(0.2)).toBeCloseTo(6_750, 6);
    // p_E2 .25 → .2 at −20 %: P's feeder is 1612.5/.2 = 8 062.5 users at E2.
    expect(row(pOf(-0.2).plan!, 'P').feeder?.users).toBeCloseTo(8062.5, 6);
  });

  it('row 0 is the plan itself and each row still meets the target', () => {
    expect(pOf(0).budget).toBeCloseTo(36_750, 6);
    for (const r of rows)
      expect(inverse(r.plan!, scaleRates(example(), r.change))).toBeCloseTo(192_000, 5);
  });

  it('caps scaled rates at 1', () => {
    // c_P = .9 × 1.2 = 1.08 → 1. Only P converts: B1 = 1200, 1200 − 120 = 1080 from P → needed
    // 1080/1 = 1 080 (uncapped it would have been 1080/1.08 = 1 000).
    const inputs = { ...example(), conversion: { D: 0, E1: 0, E2: 0, P: 0.9 }, mix: 0.625 };
    expect(scaleRates(inputs, 0.2).conversion.P).toBe(1);
    const up = sensitivity(inputs, [0.2])[0];
    expect(up.needed!.P).toBeCloseTo(1080, 9);
  });

  it('passes an unavailable plan through on every row', () => {
    const rows2 = sensitivity({ ...example(), firstGmvPerBuyer: null }, [-0.1, 0.1]);
    expect(rows2.map((r) => [r.unavailable, r.needed, r.budget])).toEqual([
      ['no-money', null, null],
      ['no-money', null, null],
    ]);
  });
});

describe('edge cases: typed results, never exceptions', () => {
  it('a stage with zero conversion delivers no buyers; the others share its part', () => {
    // c_E1 = 0, mix fixed at .625: 1080 from assets split 100:100:200 (of 400) over D, E2, P:
    // D 270 → 27 000, E2 270 → 5 400, P 540 → 2 700; E1 0.
    const inputs = { ...example(), conversion: { D: 0.01, E1: 0, E2: 0.05, P: 0.2 }, mix: 0.625 };
    const p = ok(plan(inputs));
    expect(row(p, 'E1')).toMatchObject({ share: 0, needed: 0, note: 'zero-rate' });
    expect(row(p, 'D').needed).toBeCloseTo(27_000, 6);
    expect(row(p, 'E2').needed).toBeCloseTo(5_400, 6);
    expect(row(p, 'P').needed).toBeCloseTo(2_700, 6);
    expect(inverse(p, inputs)).toBeCloseTo(192_000, 6);
  });

  it('a stage with no users at T1 has no measured share', () => {
    const p = ok(plan({ ...example(), assets: { ...example().assets, E2: 0 } }));
    expect(row(p, 'E2')).toMatchObject({ share: 0, needed: 0, note: 'no-base-users' });
  });

  it('no pre-sales stage converting cannot deliver first-time buyers', () => {
    const r = plan({ ...example(), conversion: { D: 0, E1: 0, E2: 0, P: 0 }, mix: 0.625 });
    expect(r).toMatchObject({ ok: false, reason: 'no-first-time-source' });
  });

  it('no post-sales stage buying again cannot deliver repeat buyers', () => {
    const r = plan({ ...example(), repeatRate: { I: 0, N: 0, K: 0 }, mix: 0.625 });
    expect(r).toMatchObject({ ok: false, reason: 'no-repeat-source' });
  });

  it('money not mapped: g1 or g2 missing or 0 makes the planner unavailable', () => {
    for (const g of [null, 0, NaN]) {
      expect(plan({ ...example(), firstGmvPerBuyer: g })).toMatchObject({ reason: 'no-money' });
      expect(plan({ ...example(), repeatGmvPerBuyer: g })).toMatchObject({ reason: 'no-money' });
    }
    expect(plan({ ...example(), repeatGmvPerBuyer: null, mix: 0.5 })).toMatchObject({
      ok: false,
      reason: 'no-money',
      field: 'g2',
    });
  });

  it('g2 is not needed when the plan has no repeat part (mix = 1)', () => {
    const p = ok(plan({ ...example(), repeatGmvPerBuyer: null, mix: 1 }));
    // B1 = 192 000/100 = 1920, B2 = 0: post-sales needs are all 0.
    expect(p.firstTimeBuyers).toBeCloseTo(1920, 9);
    expect(row(p, 'I').needed).toBe(0);
  });

  it('rejects a target that is not a finite number > 0', () => {
    for (const G of [0, -5, NaN, Infinity])
      expect(plan({ ...example(), targetGmv: G })).toMatchObject({
        ok: false,
        reason: 'bad-target',
      });
  });

  it('rejects a mix outside [0, 1]', () => {
    for (const mix of [-0.1, 1.2, NaN])
      expect(plan({ ...example(), mix })).toMatchObject({ ok: false, reason: 'bad-mix' });
    expect(ok(plan({ ...example(), mix: 0.5 })).mixSource).toBe('input');
  });

  it('names the first bad input field', () => {
    const assets = { ...example().assets, D: -1 };
    expect(plan({ ...example(), assets })).toMatchObject({
      reason: 'bad-input',
      field: 'assets.D',
    });
    const conversion = { ...example().conversion, P: 1.5 };
    expect(plan({ ...example(), conversion })).toMatchObject({ field: 'conversion.P' });
  });

  it('cannot measure a mix from a base period with no buyers', () => {
    const inputs = {
      ...example(),
      conversion: { D: 0, E1: 0, E2: 0, P: 0 },
      repeatRate: { I: 0, N: 0, K: 0 },
      newcomerFirstBuyers: 0,
    };
    expect(plan(inputs)).toMatchObject({ ok: false, reason: 'no-base-buyers' });
  });
});
