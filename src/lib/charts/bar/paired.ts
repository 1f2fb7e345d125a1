import { scaleLinear } from 'd3';

/** One group of a paired bar chart: a category label, series A and (optionally) series B; null = no bar. */
export interface PairedDatum {
  label: string;
  a: number | null;
  b?: number | null;
  /** With more than two series: every series' value in order (a and b are then ignored). */
  values?: (number | null)[];
}

/** One positioned bar; a null value has width 0 and its label ("–") at the plot start. */
export interface PairedBar {
  /** 0 = series A, 1 = series B, … */
  series: number;
  value: number | null;
  /** Top edge of the bar. */
  y: number;
  width: number;
  /** Where the value label starts: 4 px past the bar end. */
  labelX: number;
}

/** One category: its label, vertical band and bars. */
export interface PairedGroup {
  label: string;
  /** Top of the group band. */
  y: number;
  /** Vertical centre of the band (where the category label sits). */
  mid: number;
  bars: PairedBar[];
}

/** Positioned groups, axis ticks, legend items and the optional reference line. */
export interface PairedLayout {
  groups: PairedGroup[];
  ticks: { x: number; value: number }[];
  /** y: the top of the item's legend row (0 for the first). */
  legend: { x: number; y: number; label: string }[];
  reference: { x: number; value: number } | null;
  height: number;
  plotLeft: number;
  plotWidth: number;
  plotTop: number;
  plotBottom: number;
  barHeight: number;
  groupHeight: number;
}

/** Options of {@link layoutPaired}. */
export interface PairedOptions {
  /** Bars per group: 2 (A and B, default), 1 (A only), or more (each datum's `values`). */
  series?: number;
  labelWidth?: number;
  /** Default 12 with two series, 16 with one. */
  barHeight?: number;
  /** Space between the two bars of a group. */
  gap?: number;
  /** Space between groups, split above and below each group. */
  groupGap?: number;
  /** A value to mark with a vertical line (kept inside the x domain). */
  reference?: number;
  /** Legend entries, laid out left to right from the plot start. */
  legend?: string[];
}

/** Height of the legend row above the plot. */
export const LEGEND_HEIGHT = 22;
/** Height of the tick labels below the plot. */
export const AXIS_HEIGHT = 24;
/** Room right of the plot for value labels. */
export const RIGHT_MARGIN = 60;

/**
 * Approximate rendered width of an 11 px legend label. Wide (CJK, full-width) characters count
 * 11 px, others 6.5 px; a font much wider than the system sans-serif would make items overlap.
 */
export function legendTextWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 11 : 6.5;
  return w;
}

/**
 * Lays out horizontal grouped bars: one band per datum, one or two bars per band, a linear x scale
 * from 0 to the nice()d maximum of the values (and the reference). Negative values draw no width.
 */
export function layoutPaired(
  data: PairedDatum[],
  width: number,
  opts: PairedOptions = {},
): PairedLayout {
  const series = opts.series ?? 2;
  const plotLeft = opts.labelWidth ?? 110;
  const plotWidth = Math.max(10, width - plotLeft - RIGHT_MARGIN);
  const barHeight = opts.barHeight ?? (series === 2 ? 12 : 16);
  const gap = opts.gap ?? 2;
  const groupGap = opts.groupGap ?? 10;
  const groupHeight = series * barHeight + (series - 1) * gap + groupGap;
  // Legend items left to right from the plot start, wrapping onto more rows when they overflow.
  let lx = plotLeft;
  let row = 0;
  const legend = (opts.legend ?? []).map((label) => {
    const w = 14 + legendTextWidth(label) + 16;
    if (lx > plotLeft && lx + w > width) {
      row++;
      lx = plotLeft;
    }
    const item = { x: lx, y: row * LEGEND_HEIGHT, label };
    lx += w;
    return item;
  });
  const plotTop = LEGEND_HEIGHT * (row + 1);
  const plotBottom = plotTop + data.length * groupHeight;

  const valuesOf = (d: PairedDatum): (number | null)[] =>
    series > 2
      ? Array.from({ length: series }, (_, k) => d.values?.[k] ?? null)
      : series === 2
        ? [d.a, d.b ?? null]
        : [d.a];
  const finite = data
    .flatMap(valuesOf)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  if (opts.reference !== undefined) finite.push(opts.reference);
  const max = Math.max(0, ...finite);
  const x = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([0, plotWidth])
    .nice();

  const groups = data.map((d, i): PairedGroup => {
    const y = plotTop + i * groupHeight;
    return {
      label: d.label,
      y,
      mid: y + groupHeight / 2,
      bars: valuesOf(d).map((value, k) => {
        const w = value === null || !Number.isFinite(value) ? 0 : Math.max(0, x(value));
        return {
          series: k,
          value: value !== null && Number.isFinite(value) ? value : null,
          y: y + groupGap / 2 + k * (barHeight + gap),
          width: w,
          labelX: plotLeft + w + 4,
        };
      }),
    };
  });

  return {
    groups,
    ticks: x.ticks(4).map((v) => ({ x: plotLeft + x(v), value: v })),
    legend,
    reference:
      opts.reference === undefined
        ? null
        : { x: plotLeft + x(opts.reference), value: opts.reference },
    height: plotBottom + AXIS_HEIGHT,
    plotLeft,
    plotWidth,
    plotTop,
    plotBottom,
    barHeight,
    groupHeight,
  };
}
