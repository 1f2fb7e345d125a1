import { scaleLinear } from 'd3';

/** One horizontal bar. */
export interface BarDatum {
  label: string;
  value: number;
}

/** Positioned bars and axis ticks for a horizontal bar chart. */
export interface HBarLayout {
  bars: (BarDatum & { y: number; width: number })[];
  ticks: { x: number; value: number }[];
  height: number;
  plotLeft: number;
  plotWidth: number;
  rowHeight: number;
}

/** Lays out horizontal bars: one row per datum, a linear x scale from 0 to the maximum. */
export function layoutHBar(
  data: BarDatum[],
  width: number,
  opts: { rowHeight?: number; labelWidth?: number } = {},
): HBarLayout {
  const rowHeight = opts.rowHeight ?? 24;
  const plotLeft = opts.labelWidth ?? 110;
  const plotWidth = Math.max(10, width - plotLeft - 60);
  const max = Math.max(1, ...data.map((d) => d.value));
  const x = scaleLinear().domain([0, max]).range([0, plotWidth]).nice();
  return {
    bars: data.map((d, i) => ({ ...d, y: i * rowHeight + 4, width: Math.max(0, x(d.value)) })),
    ticks: x.ticks(4).map((v) => ({ x: plotLeft + x(v), value: v })),
    height: data.length * rowHeight + 24,
    plotLeft,
    plotWidth,
    rowHeight,
  };
}
