/**
 * Pure layout math of the horizontal bar chart (src/lib/charts/bar/layout.ts) and the daily chart
 * (src/lib/charts/line/layout.ts). Expected positions are worked out by hand from the margins and
 * d3's nice() rule (a domain end is rounded up to a multiple of 1, 2 or 5 × 10^k).
 */
import { describe, expect, it } from 'vitest';
import { layoutHBar } from '../../../src/lib/charts/bar/layout';
import { layoutDaily, type DayDatum } from '../../../src/lib/charts/line/layout';

describe('layoutHBar', () => {
  // width 500, default label width 110 → plot width 500 − 110 − 60 = 330.
  const W = 500;
  const PLOT = 330;

  it('uses the default label width, plot width and row height', () => {
    const l = layoutHBar([{ label: 'a', value: 1 }], W);
    expect(l.plotLeft).toBe(110);
    expect(l.plotWidth).toBe(PLOT);
    expect(l.rowHeight).toBe(24);
  });

  it('sizes bars proportionally when the maximum is already nice', () => {
    const l = layoutHBar(
      [
        { label: 'a', value: 100 },
        { label: 'b', value: 50 },
        { label: 'c', value: 25 },
        { label: 'd', value: 0 },
      ],
      W,
    );
    expect(l.bars.map((b) => b.width)).toEqual([330, 165, 82.5, 0]);
    expect(l.bars.map((b) => b.label)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('scales to the nice()d domain: a maximum of 73 spans 73/80 of the plot', () => {
    // [0, 73] with 10 ticks has step 10, so nice() extends it to [0, 80].
    const l = layoutHBar(
      [
        { label: 'a', value: 73 },
        { label: 'b', value: 40 },
        { label: 'z', value: 0 },
      ],
      W,
    );
    expect(l.bars[0].width).toBeCloseTo((73 / 80) * PLOT, 9);
    expect(l.bars[1].width).toBeCloseTo((40 / 80) * PLOT, 9);
    expect(l.bars[2].width).toBe(0);
    expect(l.bars[0].width / l.bars[1].width).toBeCloseTo(73 / 40, 9);
  });

  it('places ticks on the nice domain, offset by the label width', () => {
    // ticks(4) on [0, 80] step by 20: 0, 20, …, 80 at 110 + v/80·330.
    const l = layoutHBar([{ label: 'a', value: 73 }], W);
    expect(l.ticks.map((t) => t.value)).toEqual([0, 20, 40, 60, 80]);
    expect(l.ticks.map((t) => t.x)).toEqual([110, 192.5, 275, 357.5, 440]);
  });

  it('steps rows by rowHeight and sets height = n·rowHeight + 24', () => {
    const data = [5, 4, 3, 2, 1].map((value, i) => ({ label: `r${i}`, value }));
    const l = layoutHBar(data, W, { rowHeight: 30, labelWidth: 80 });
    expect(l.bars.map((b) => b.y)).toEqual([4, 34, 64, 94, 124]);
    expect(l.height).toBe(5 * 30 + 24);
    expect(l.plotLeft).toBe(80);
    expect(l.plotWidth).toBe(500 - 80 - 60);
    expect(layoutHBar(data, W).height).toBe(5 * 24 + 24);
  });

  it('gives all-zero data zero-width bars and an empty chart a height of 24', () => {
    const l = layoutHBar(
      [
        { label: 'a', value: 0 },
        { label: 'b', value: 0 },
      ],
      W,
    );
    expect(l.bars.map((b) => b.width)).toEqual([0, 0]);
    const empty = layoutHBar([], W);
    expect(empty.bars).toEqual([]);
    expect(empty.height).toBe(24);
  });

  it('keeps a minimum plot width of 10 on a tiny chart', () => {
    const l = layoutHBar([{ label: 'a', value: 10 }], 100);
    expect(l.plotWidth).toBe(10);
    expect(l.bars[0].width).toBe(10);
  });
});

describe('layoutDaily', () => {
  // width 600, height 300, margins 10/44/24/52 → plot 504 × 266.
  const W = 600;
  const H = 300;
  const PW = 504;
  const PH = 266;
  const days = (pairs: [string, number, number?][]): DayDatum[] =>
    pairs.map(([date, events, purchases = 0]) => ({ date, events, purchases }));

  it('spreads five consecutive days evenly over the plot width', () => {
    const l = layoutDaily(
      days([
        ['2024-01-01', 10],
        ['2024-01-02', 20],
        ['2024-01-03', 50],
        ['2024-01-04', 30],
        ['2024-01-05', 40],
      ]),
      W,
      H,
    );
    expect(l.points.map((p) => p.x)).toEqual([0, 126, 252, 378, 504]);
  });

  it('places x by calendar days in UTC across a leap day and a gap', () => {
    // Offsets 0, 1, 2, 6 days over a 6-day span of 504 px: 84 px per day.
    const l = layoutDaily(
      days([
        ['2024-02-28', 1],
        ['2024-02-29', 2],
        ['2024-03-01', 3],
        ['2024-03-05', 4],
      ]),
      W,
      H,
    );
    const xs = l.points.map((p) => p.x);
    expect(xs[0]).toBe(0);
    expect(xs[1]).toBeCloseTo(84, 9);
    expect(xs[2]).toBeCloseTo(168, 9);
    expect(xs[3]).toBe(PW);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
  });

  it('puts the maximum day at the top when the maximum is nice, and scales the rest', () => {
    const l = layoutDaily(
      days([
        ['2024-01-01', 10, 1],
        ['2024-01-02', 50, 4],
        ['2024-01-03', 0, 2],
      ]),
      W,
      H,
    );
    const [a, b, c] = l.points;
    expect(b.y).toBe(0);
    expect(a.y).toBeCloseTo(PH - (10 / 50) * PH, 9);
    expect(c.y).toBe(PH);
    // Purchases have their own scale: max 4 is nice, so 4 → top, 2 → middle, 1 → 3/4 down.
    expect(b.yp).toBe(0);
    expect(c.yp).toBeCloseTo(PH / 2, 9);
    expect(a.yp).toBeCloseTo((PH * 3) / 4, 9);
    expect(l.margin).toEqual({ top: 10, right: 44, bottom: 24, left: 52 });
  });

  it('rounds a non-nice maximum up: 73 on [0, 80] sits below the top', () => {
    const l = layoutDaily(
      days([
        ['2024-01-01', 73],
        ['2024-01-02', 0],
      ]),
      W,
      H,
    );
    expect(l.points[0].y).toBeCloseTo(PH - (73 / 80) * PH, 9);
    expect(l.yTicks.map((t) => t.value)).toEqual([0, 20, 40, 60, 80]);
    expect(l.yTicks[l.yTicks.length - 1].y).toBe(0);
  });

  it('draws a single day as one bar, without NaN', () => {
    const l = layoutDaily(days([['2024-06-15', 12, 3]]), W, H);
    expect(l.points).toHaveLength(1);
    const p = l.points[0];
    for (const v of [p.x, p.y, p.yp]) expect(Number.isFinite(v)).toBe(true);
    // plot width 600 − 52 − 44 = 504, one slot of 504: centre 252, bar 60% wide from 20%.
    expect(p.x).toBe(252);
    expect(l.bars).toHaveLength(1);
    expect(l.bars[0].x).toBeCloseTo(100.8, 9);
    expect(l.bars[0].width).toBeCloseTo(302.4, 9);
    // 12 is the top of the y domain: the bar spans the whole plot height 300 − 10 − 24 = 266.
    expect(l.bars[0].y).toBe(0);
    expect(l.bars[0].height).toBe(266);
    expect([l.area, l.line, l.purchases]).toEqual(['', '', '']);
    expect(l.xTicks).toEqual([{ x: 252, label: '2024-06-15' }]);
  });

  it('draws two days as two bars (an area would have almost no shape)', () => {
    const l = layoutDaily(
      days([
        ['2024-01-01', 10],
        ['2024-01-02', 50],
      ]),
      W,
      H,
    );
    // two slots of 252: bars start at 20% of each slot and are 60% wide.
    const xs = l.bars.map((b) => [b.x, b.width]).flat();
    [50.4, 151.2, 302.4, 151.2].forEach((v, i) => expect(xs[i]).toBeCloseTo(v, 9));
    expect(xs).toHaveLength(4);
    // y of 10 on [0, 50] over 266 px is 266 − 53.2 = 212.8.
    expect(l.bars[0].y).toBeCloseTo(212.8, 9);
    expect(l.bars[1].y).toBe(0);
  });

  it('handles no data without NaN', () => {
    const l = layoutDaily([], W, H);
    expect(l.points).toEqual([]);
    for (const s of [l.area, l.line, l.purchases]) expect(s).not.toMatch(/NaN/);
    for (const t of [...l.xTicks.map((t) => t.x), ...l.yTicks.map((t) => t.y)])
      expect(Number.isFinite(t)).toBe(true);
  });

  it('builds paths through every point', () => {
    const l = layoutDaily(
      days([
        ['2024-01-01', 10],
        ['2024-01-02', 50],
        ['2024-01-03', 30],
      ]),
      W,
      H,
    );
    // x: 0, 252, 504 over a 504 px plot; y on [0, 50] over 266 px: 212.8, 0, 106.4.
    expect(l.line).toBe('M0,212.8L252,0L504,106.4');
    expect(l.bars).toEqual([]);
  });
});
