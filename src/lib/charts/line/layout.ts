import { area, line, scaleLinear, scaleUtc } from 'd3';

/** One day of the daily chart. */
export interface DayDatum {
  date: string;
  events: number;
  purchases: number;
}

/** Paths, ticks and hover points of the daily chart. */
export interface DailyLayout {
  area: string;
  line: string;
  purchases: string;
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; value: number }[];
  points: (DayDatum & { x: number; y: number; yp: number })[];
  /** With fewer than 3 days an area has no width: one bar per day instead (x is the bar's left). */
  bars: { x: number; width: number; y: number; height: number }[];
  margin: { top: number; right: number; bottom: number; left: number };
}

const day = (s: string) => new Date(`${s}T00:00:00Z`);

/** Lays out events per day (area + line) and purchases per day (second line, own scale) over UTC dates. */
export function layoutDaily(data: DayDatum[], width: number, height: number): DailyLayout {
  const margin = { top: 10, right: 44, bottom: 24, left: 52 };
  const w = Math.max(10, width - margin.left - margin.right);
  const h = Math.max(10, height - margin.top - margin.bottom);
  const dates = data.map((d) => day(d.date));
  const first = dates[0] ?? new Date(0);
  const last = dates[dates.length - 1] ?? first;
  const x = scaleUtc()
    .domain(
      first.getTime() === last.getTime()
        ? [first, new Date(first.getTime() + 86_400_000)]
        : [first, last],
    )
    .range([0, w]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...data.map((d) => d.events))])
    .range([h, 0])
    .nice();
  const yp = scaleLinear()
    .domain([0, Math.max(1, ...data.map((d) => d.purchases))])
    .range([h, 0])
    .nice();
  const points = data.map((d, i) => ({
    ...d,
    x: x(dates[i]),
    y: y(d.events),
    yp: yp(d.purchases),
  }));
  const fmt = x.tickFormat(6);
  const few = data.length > 0 && data.length < 3;
  const slot = w / Math.max(1, data.length);
  if (few) points.forEach((p, i) => (p.x = slot * i + slot / 2));
  const bars = few
    ? points.map((p, i) => ({
        x: slot * i + slot * 0.2,
        width: slot * 0.6,
        y: p.y,
        height: h - p.y,
      }))
    : [];
  return {
    area: few
      ? ''
      : (area<(typeof points)[number]>()
          .x((p) => p.x)
          .y0(h)
          .y1((p) => p.y)(points) ?? ''),
    line: few
      ? ''
      : (line<(typeof points)[number]>()
          .x((p) => p.x)
          .y((p) => p.y)(points) ?? ''),
    purchases: few
      ? ''
      : (line<(typeof points)[number]>()
          .x((p) => p.x)
          .y((p) => p.yp)(points) ?? ''),
    xTicks: few
      ? points.map((p) => ({ x: p.x, label: p.date }))
      : x.ticks(6).map((d) => ({ x: x(d), label: fmt(d) })),
    bars,
    yTicks: y.ticks(4).map((v) => ({ y: y(v), value: v })),
    points,
    margin,
  };
}
