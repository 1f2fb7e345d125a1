/**
 * Pure layout math of the RFM R × F grid (src/lib/charts/heatmap/rf.ts). Expected positions and
 * colours are worked out by hand from the margins (left 48, top 8, right 8, bottom 40), the cell
 * bounds (28…72 px) and heatColor (white → #1f3a5f, i.e. channel = 255 + (c − 255) × intensity,
 * rounded), with intensity = 0.1 + 0.9 × value ÷ max for cells with users.
 */
import { describe, expect, it } from 'vitest';
import {
  layoutRfGrid,
  rfCellSize,
  rfColorValue,
  rfShares,
  RF_EMPTY_FILL,
} from '../../../src/lib/charts/heatmap/rf';

const data = [
  { r: 1, f: 1, users: 4, revenue: 40, avgM: 10 },
  { r: 2, f: 2, users: 1, revenue: 30, avgM: 30 },
];

describe('rfCellSize', () => {
  it('shares the width between the R columns, within 28…72 px', () => {
    // (250 − 48 − 8) / 5 = 38.8 → 38.
    expect(rfCellSize(250, 5)).toBe(38);
    // (100 − 56) / 2 = 22 → raised to 28; (1000 − 56) / 2 = 472 → capped at 72.
    expect(rfCellSize(100, 2)).toBe(28);
    expect(rfCellSize(1000, 2)).toBe(72);
  });
});

describe('rfShares and rfColorValue', () => {
  it('divides by the largest positive value; null, negative and all-zero give 0', () => {
    expect(rfShares([null, 5, 10, -2])).toEqual([0, 0.5, 1, 0]);
    expect(rfShares([null, 0])).toEqual([0, 0]);
    expect(rfShares([])).toEqual([]);
  });
  it('picks users, revenue or average M', () => {
    expect(rfColorValue(data[0], 'users')).toBe(4);
    expect(rfColorValue(data[0], 'revenue')).toBe(40);
    expect(rfColorValue(data[0], 'avgM')).toBe(10);
  });
});

describe('layoutRfGrid, 2 × 2, coloured by average M', () => {
  // (200 − 56) / 2 = 72 → cell 72; width 48 + 144 + 8 = 200; height 8 + 144 + 40 = 192.
  const L = layoutRfGrid(data, 2, 2, { width: 200, colorBy: 'avgM' });

  it('puts F high → low in rows and R low → high in columns, missing cells filled in', () => {
    expect(L.size).toBe(72);
    expect(L.width).toBe(200);
    expect(L.height).toBe(192);
    expect(L.cells.map((c) => [c.r, c.f, c.x, c.y, c.users])).toEqual([
      [1, 2, 48, 8, 0],
      [2, 2, 120, 8, 1],
      [1, 1, 48, 80, 4],
      [2, 1, 120, 80, 0],
    ]);
  });

  it('centres the axis ticks on the columns and rows', () => {
    // 48 + 36 = 84, 84 + 72 = 156; rows: 8 + 36 = 44 (F 2), 44 + 72 = 116 (F 1).
    expect(L.rTicks).toEqual([
      { x: 84, r: 1 },
      { x: 156, r: 2 },
    ]);
    expect(L.fTicks).toEqual([
      { y: 44, f: 2 },
      { y: 116, f: 1 },
    ]);
  });

  it('colours cells with users by value ÷ max, empty cells light', () => {
    const [e1, top, low, e2] = L.cells;
    for (const e of [e1, e2]) {
      expect(e.empty).toBe(true);
      expect(e.fill).toBe(RF_EMPTY_FILL);
      expect(e.value).toBeNull();
      expect(e.intensity).toBe(0);
    }
    // avgM 30 is the max → intensity 1 → #1f3a5f, white text.
    expect(top.value).toBe(30);
    expect(top.intensity).toBe(1);
    expect(top.fill).toBe('rgb(31, 58, 95)');
    expect(top.ink).toBe('#fff');
    // 10 / 30 → 0.1 + 0.3 = 0.4: 255 − 224 × 0.4 = 165.4 → 165, 255 − 197 × 0.4 = 176.2 → 176,
    // 255 − 160 × 0.4 = 191; dark text (0.4 ≤ 0.55).
    expect(low.intensity).toBeCloseTo(0.4, 12);
    expect(low.fill).toBe('rgb(165, 176, 191)');
    expect(low.ink).toBe('#1c2430');
  });
});

describe('layoutRfGrid, other colourings and shapes', () => {
  it('colours by revenue', () => {
    const L = layoutRfGrid(data, 2, 2, { width: 200, colorBy: 'revenue' });
    const cell = (r: number, f: number) => L.cells.find((c) => c.r === r && c.f === f)!;
    // 40 is the max → #1f3a5f; 30 / 40 = 0.75 → 0.1 + 0.675 = 0.775:
    // 255 − 173.6 = 81.4 → 81, 255 − 152.675 = 102.325 → 102, 255 − 124 = 131; white text.
    expect(cell(1, 1).fill).toBe('rgb(31, 58, 95)');
    expect(cell(2, 2).fill).toBe('rgb(81, 102, 131)');
    expect(cell(2, 2).ink).toBe('#fff');
  });

  it('colours by users', () => {
    const L = layoutRfGrid(data, 2, 2, { width: 200, colorBy: 'users' });
    // 1 / 4 → 0.1 + 0.225 = 0.325: 255 − 72.8 = 182.2 → 182, 255 − 64.025 → 191, 255 − 52 = 203.
    expect(L.cells[1].fill).toBe('rgb(182, 191, 203)');
  });

  it('without money (average M null) every cell with users gets the floor intensity 0.1', () => {
    const noMoney = data.map((d) => ({ ...d, revenue: null, avgM: null }));
    const L = layoutRfGrid(noMoney, 2, 2, { width: 200, colorBy: 'avgM' });
    // 255 − 22.4 = 232.6 → 233, 255 − 19.7 = 235.3 → 235, 255 − 16 = 239.
    expect(L.cells.filter((c) => !c.empty).map((c) => c.fill)).toEqual([
      'rgb(233, 235, 239)',
      'rgb(233, 235, 239)',
    ]);
  });

  it('handles kR ≠ kF (custom cuts) and ignores cells outside the grid', () => {
    const L = layoutRfGrid([...data, { r: 5, f: 1, users: 99, revenue: 999, avgM: 999 }], 3, 4, {
      width: 300,
      colorBy: 'avgM',
    });
    // (300 − 56) / 3 = 81.3 → 72; width 48 + 216 + 8 = 272; height 8 + 288 + 40 = 336.
    expect(L.size).toBe(72);
    expect(L.width).toBe(272);
    expect(L.height).toBe(336);
    expect(L.cells).toHaveLength(12);
    expect([L.cells[0].r, L.cells[0].f]).toEqual([1, 4]);
    expect([L.cells[11].r, L.cells[11].f]).toEqual([3, 1]);
    expect(L.cells.some((c) => c.r === 5)).toBe(false);
    // The max is 30 (the r = 5 cell does not count): R 2 · F 2 is the darkest cell.
    expect(L.cells.find((c) => c.r === 2 && c.f === 2)!.intensity).toBe(1);
    // F 2 is the third row from the top: y = 8 + 2 × 72 = 152.
    expect(L.cells.find((c) => c.r === 2 && c.f === 2)!.y).toBe(152);
  });
});
