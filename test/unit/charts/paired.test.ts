/**
 * Pure layout math of the paired (grouped) bar chart (src/lib/charts/bar/paired.ts). Expected
 * positions are worked out by hand from the margins (legend row 22 px, axis 24 px, label column
 * 110 px, right margin 60 px) and d3's nice() rule (a domain end is rounded up to a multiple of
 * 1, 2 or 5 × 10^k).
 */
import { describe, expect, it } from 'vitest';
import { layoutPaired, legendTextWidth } from '../../../src/lib/charts/bar/paired';

describe('layoutPaired, two series', () => {
  // width 500 → plot width 500 − 110 − 60 = 330; group = 12 + 2 + 12 + 10 = 36 px.
  const W = 500;
  const data = [
    { label: 'D', a: 0.5, b: 0.25 },
    { label: 'E1', a: 0.1, b: null },
  ];

  it('uses the default margins, bar height and group height', () => {
    const l = layoutPaired(data, W);
    expect(l.plotLeft).toBe(110);
    expect(l.plotWidth).toBe(330);
    expect(l.barHeight).toBe(12);
    expect(l.groupHeight).toBe(36);
    expect(l.plotTop).toBe(22);
    // 22 + 2 groups × 36 = 94; + 24 for the axis = 118.
    expect(l.plotBottom).toBe(94);
    expect(l.height).toBe(118);
  });

  it('stacks bar A above bar B inside each group band', () => {
    const l = layoutPaired(data, W);
    // group i starts at 22 + 36i; bars start 5 px (half the gap) in; B is 12 + 2 px below A.
    expect(l.groups.map((g) => g.y)).toEqual([22, 58]);
    expect(l.groups.map((g) => g.mid)).toEqual([40, 76]);
    expect(l.groups.map((g) => g.bars.map((b) => b.y))).toEqual([
      [27, 41],
      [63, 77],
    ]);
    expect(l.groups.map((g) => g.bars.map((b) => b.series))).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(l.groups.map((g) => g.label)).toEqual(['D', 'E1']);
  });

  it('sizes bars on [0, max] when the maximum is already nice, labels 4 px past the end', () => {
    const l = layoutPaired(data, W);
    const [d, e1] = l.groups;
    expect(d.bars[0].width).toBe(330);
    expect(d.bars[0].labelX).toBe(444);
    expect(d.bars[1].width).toBe(165);
    expect(d.bars[1].labelX).toBe(279);
    expect(e1.bars[0].width).toBeCloseTo(66, 9);
  });

  it('draws no bar for a null value and puts its label at the plot start', () => {
    const b = layoutPaired(data, W).groups[1].bars[1];
    expect(b.value).toBeNull();
    expect(b.width).toBe(0);
    expect(b.labelX).toBe(114);
  });

  it('treats a missing b as null', () => {
    const b = layoutPaired([{ label: 'x', a: 1 }], W).groups[0].bars[1];
    expect(b.value).toBeNull();
    expect(b.width).toBe(0);
  });

  it('scales to the nice()d domain: a maximum of 0.42 spans 0.42/0.45 of the plot', () => {
    // [0, 0.42] with 10 ticks has step 0.05, so nice() extends it to [0, 0.45].
    const l = layoutPaired([{ label: 'P', a: 0.42, b: 0.3 }], W);
    expect(l.groups[0].bars[0].width).toBeCloseTo((0.42 / 0.45) * 330, 9);
    expect(l.groups[0].bars[1].width).toBeCloseTo((0.3 / 0.45) * 330, 9);
  });

  it('places ticks on the nice domain, offset by the label width', () => {
    // ticks(4) on [0, 0.5] step by 0.1: x = 110 + v / 0.5 · 330.
    const l = layoutPaired(data, W);
    const vs = l.ticks.map((t) => t.value);
    const xs = l.ticks.map((t) => t.x);
    [0, 0.1, 0.2, 0.3, 0.4, 0.5].forEach((v, i) => expect(vs[i]).toBeCloseTo(v, 12));
    [110, 176, 242, 308, 374, 440].forEach((x, i) => expect(xs[i]).toBeCloseTo(x, 9));
    expect(xs).toHaveLength(6);
  });

  it('lays the legend out left to right from the plot start', () => {
    const l = layoutPaired(data, W, { legend: ['Brand', 'Category average'] });
    // item 2 starts after swatch 14 + 'Brand' 5 × 6.5 = 32.5 + padding 16: 110 + 62.5.
    expect(l.legend).toEqual([
      { x: 110, y: 0, label: 'Brand' },
      { x: 172.5, y: 0, label: 'Category average' },
    ]);
    expect(layoutPaired(data, W).legend).toEqual([]);
  });

  it('wraps legend items that would overflow the width onto a new row, and moves the plot down', () => {
    // Widths: 'Last touch' 10 × 6.5 = 65 → item 14 + 65 + 16 = 95; 'Position-based' 14 × 6.5 = 91
    // → 121. From x 110: 110 + 95 = 205, 205 + 95 = 300, 300 + 121 = 421 > 400 → row 2 at 110.
    const l = layoutPaired(data, 400, { legend: ['Last touch', 'Last touch', 'Position-based'] });
    expect(l.legend).toEqual([
      { x: 110, y: 0, label: 'Last touch' },
      { x: 205, y: 0, label: 'Last touch' },
      { x: 110, y: 22, label: 'Position-based' },
    ]);
    expect(l.plotTop).toBe(44);
  });

  it('lays out more than two series from each datum’s values', () => {
    const l = layoutPaired(
      [
        { label: 'a', a: null, values: [1, 2, null] },
        { label: 'b', a: null, values: [4] },
      ],
      500,
      { series: 3, barHeight: 8, gap: 1, groupGap: 10 },
    );
    // group = 3 × 8 + 2 × 1 + 10 = 36; the bars sit 5, 14 and 23 px below the group top.
    expect(l.groupHeight).toBe(36);
    expect(l.groups[0].bars.map((b) => [b.series, b.value, b.y - l.groups[0].y])).toEqual([
      [0, 1, 5],
      [1, 2, 14],
      [2, null, 23],
    ]);
    // a missing value is null; the x domain is 0…4 (max 4, nice), plot 500 − 110 − 60 = 330.
    expect(l.groups[1].bars.map((b) => b.value)).toEqual([4, null, null]);
    expect(l.groups[1].bars[0].width).toBeCloseTo(330, 9);
    expect(l.groups[0].bars[1].width).toBeCloseTo(165, 9);
  });

  it('honours custom label width, bar height, gap and group gap', () => {
    const l = layoutPaired(data, 400, { labelWidth: 80, barHeight: 10, gap: 4, groupGap: 6 });
    // group = 10 + 4 + 10 + 6 = 30; plot 400 − 80 − 60 = 260.
    expect(l.groupHeight).toBe(30);
    expect(l.plotWidth).toBe(260);
    expect(l.groups[1].bars.map((b) => b.y)).toEqual([22 + 30 + 3, 22 + 30 + 3 + 14]);
    expect(l.groups[0].bars[0].width).toBe(260);
    expect(l.height).toBe(22 + 60 + 24);
  });
});

describe('layoutPaired, one series with a reference', () => {
  // width 400 → plot 230; one 16 px bar per group + 10 px gap = 26 px.
  const W = 400;
  const data = [
    { label: 'D', a: 120 },
    { label: 'E1', a: 80 },
    { label: 'E2', a: null },
  ];

  it('draws one bar per group and places the reference on the scale', () => {
    const l = layoutPaired(data, W, { series: 1, reference: 100 });
    expect(l.groupHeight).toBe(26);
    expect(l.groups.map((g) => g.bars.length)).toEqual([1, 1, 1]);
    expect(l.groups.map((g) => g.bars[0].y)).toEqual([27, 53, 79]);
    // max 120 is nice (step 10), so x = v / 120 · 230.
    expect(l.groups[0].bars[0].width).toBe(230);
    expect(l.groups[1].bars[0].width).toBeCloseTo((80 / 120) * 230, 9);
    expect(l.groups[2].bars[0].width).toBe(0);
    expect(l.reference?.value).toBe(100);
    expect(l.reference?.x).toBeCloseTo(110 + (100 / 120) * 230, 9);
    expect(l.height).toBe(22 + 3 * 26 + 24);
  });

  it('widens the domain to include a reference above every value', () => {
    const l = layoutPaired([{ label: 'D', a: 50 }], W, { series: 1, reference: 100 });
    expect(l.reference?.x).toBe(110 + 230);
    expect(l.groups[0].bars[0].width).toBe(115);
  });

  it('has no reference unless asked', () => {
    expect(layoutPaired(data, W, { series: 1 }).reference).toBeNull();
  });
});

describe('layoutPaired, edge cases', () => {
  it('handles all-null, negative and empty data without NaN', () => {
    const l = layoutPaired(
      [
        { label: 'a', a: null, b: null },
        { label: 'b', a: -3, b: Number.NaN },
      ],
      500,
    );
    expect(l.groups.flatMap((g) => g.bars.map((b) => b.width))).toEqual([0, 0, 0, 0]);
    expect(l.groups[1].bars[1].value).toBeNull();
    for (const t of l.ticks) expect(Number.isFinite(t.x)).toBe(true);
    const empty = layoutPaired([], 500);
    expect(empty.groups).toEqual([]);
    expect(empty.height).toBe(22 + 24);
  });

  it('keeps a minimum plot width of 10 on a tiny chart', () => {
    const l = layoutPaired([{ label: 'a', a: 10, b: 5 }], 100);
    expect(l.plotWidth).toBe(10);
    expect(l.groups[0].bars.map((b) => b.width)).toEqual([10, 5]);
  });

  it('estimates legend text: 6.5 px per narrow and 11 px per wide character', () => {
    expect(legendTextWidth('Brand')).toBe(32.5);
    expect(legendTextWidth('品类平均')).toBe(44);
    expect(legendTextWidth('')).toBe(0);
  });
});
