/** A colour intensity per matrix cell: its share of the row total (0 for empty rows). */
export function rowShares(matrix: number[][]): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total ? v / total : 0));
  });
}

/** Background colour for a share in [0, 1]: white to the brand blue. */
export function heatColor(share: number): string {
  const s = Math.max(0, Math.min(1, share));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * s);
  return `rgb(${mix(255, 31)}, ${mix(255, 58)}, ${mix(255, 95)})`;
}
