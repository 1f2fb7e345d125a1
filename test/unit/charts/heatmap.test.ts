import { describe, expect, it } from 'vitest';
import { heatColor, rowShares } from '../../../src/lib/charts/heatmap/layout';

describe('flow matrix heatmap layout', () => {
  it('colours each cell by its share of the row; an empty row is all 0', () => {
    // row 1: 1 + 3 = 4 → 0.25, 0.75; row 2 is empty.
    expect(
      rowShares([
        [1, 3],
        [0, 0],
      ]),
    ).toEqual([
      [0.25, 0.75],
      [0, 0],
    ]);
  });
  it('goes from white at 0 to the brand blue #1f3a5f at 1, clamped outside', () => {
    expect(heatColor(0)).toBe('rgb(255, 255, 255)');
    expect(heatColor(1)).toBe('rgb(31, 58, 95)');
    expect(heatColor(2)).toBe('rgb(31, 58, 95)');
    // halfway: 255 + (31 − 255)/2 = 143, 255 + (58 − 255)/2 = 156.5 → 157, 255 + (95 − 255)/2 = 175.
    expect(heatColor(0.5)).toBe('rgb(143, 157, 175)');
  });
});
