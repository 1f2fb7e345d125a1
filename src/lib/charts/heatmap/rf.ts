import { heatColor } from './layout';

/** What colours the cells of the R × F grid. */
export type RfColorBy = 'avgM' | 'revenue' | 'users';

/** One cell of the R × F grid as the report gives it (cells without users may be absent). */
export interface RfGridDatum {
  r: number;
  f: number;
  users: number;
  revenue: number | null;
  avgM: number | null;
}

/** A positioned cell: its square, the value it is coloured by, fill and text colours. */
export interface RfCellLayout extends RfGridDatum {
  x: number;
  y: number;
  /** The colouring value (null when unknown, e.g. no money column). */
  value: number | null;
  /** Colour intensity in [0, 1] (0.1 … 1 for cells with users, 0 for empty ones). */
  intensity: number;
  fill: string;
  ink: string;
  empty: boolean;
}

/** The whole grid: cells row by row (F high → low, R low → high), axis ticks and size. */
export interface RfGridLayout {
  cells: RfCellLayout[];
  /** Side of one square cell. */
  size: number;
  left: number;
  top: number;
  width: number;
  height: number;
  /** Centres of the R columns (x) and F rows (y). */
  rTicks: { x: number; r: number }[];
  fTicks: { y: number; f: number }[];
}

/** Margins around the cells: F tick labels and title on the left, R ones below. */
export const RF_MARGIN = { left: 48, top: 8, right: 8, bottom: 40 } as const;
/** Cell side bounds in px. */
export const RF_CELL = { min: 28, max: 72 } as const;
/** Fill of a cell without users. */
export const RF_EMPTY_FILL = '#f3f5f8';

/** The side of a cell: the width shared by k R columns, kept within RF_CELL. */
export function rfCellSize(width: number, kR: number): number {
  const fit = Math.floor((width - RF_MARGIN.left - RF_MARGIN.right) / Math.max(1, kR));
  return Math.max(RF_CELL.min, Math.min(RF_CELL.max, fit));
}

/** The value a cell is coloured by. */
export function rfColorValue(d: RfGridDatum, colorBy: RfColorBy): number | null {
  return colorBy === 'users' ? d.users : colorBy === 'revenue' ? d.revenue : d.avgM;
}

/** Each value ÷ the largest positive one; null, negative or all-zero values give 0. */
export function rfShares(values: (number | null)[]): number[] {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return values.map((v) => (v === null || max <= 0 ? 0 : Math.max(0, v) / max));
}

/**
 * Lays out a kR × kF grid with R on x (1 left … kR right) and F on y (kF top … 1 bottom), so the
 * best buyers sit top right. A cell with users gets intensity 0.1 + 0.9 × share, so the lowest
 * value still differs from an empty cell; empty cells are drawn in RF_EMPTY_FILL.
 */
export function layoutRfGrid(
  data: RfGridDatum[],
  kR: number,
  kF: number,
  opts: { width: number; colorBy: RfColorBy },
): RfGridLayout {
  const size = rfCellSize(opts.width, kR);
  const { left, top } = RF_MARGIN;
  const byKey = new Map(data.map((d) => [`${d.r}:${d.f}`, d]));
  const base: RfGridDatum[] = [];
  for (let f = kF; f >= 1; f--)
    for (let r = 1; r <= kR; r++)
      base.push(byKey.get(`${r}:${f}`) ?? { r, f, users: 0, revenue: null, avgM: null });
  const values = base.map((d) => (d.users > 0 ? rfColorValue(d, opts.colorBy) : null));
  const shares = rfShares(values);
  const cells = base.map((d, i): RfCellLayout => {
    const empty = d.users <= 0;
    const intensity = empty ? 0 : 0.1 + 0.9 * shares[i];
    return {
      ...d,
      x: left + (d.r - 1) * size,
      y: top + (kF - d.f) * size,
      value: values[i],
      intensity,
      fill: empty ? RF_EMPTY_FILL : heatColor(intensity),
      ink: intensity > 0.55 ? '#fff' : '#1c2430',
      empty,
    };
  });
  return {
    cells,
    size,
    left,
    top,
    width: left + kR * size + RF_MARGIN.right,
    height: top + kF * size + RF_MARGIN.bottom,
    rTicks: Array.from({ length: kR }, (_v, j) => ({ x: left + j * size + size / 2, r: j + 1 })),
    fTicks: Array.from({ length: kF }, (_v, i) => ({ y: top + i * size + size / 2, f: kF - i })),
  };
}
