/**
 * The shareable report (issue #8 item 6): one self-contained HTML file from an analyze document —
 * inline CSS and SVG, no script, no data rows, only the aggregates on screen — with the config and
 * the data's fingerprint, in English or 简体中文, printable as it is. The same function serves the
 * tab's "Report" button and `assetflow report`.
 */
import type { AnalyzeDocument } from '../analyze';
import type { AssetflowConfig } from '../../mapping/config';
import type { MessageKey } from '../../i18n/en';
import type { Translator } from '../../i18n/format';
import { BRAND_STAGES, STAGES } from '../../sql/analysis/rules';
import { JOURNEY_TYPES } from '../../sql/analysis/journeys';
import { bars, esc, table } from './svg';

/** What the report says about its data and how it was made. */
export interface ReportContext {
  dataset: { label: string; files: { name: string; bytes: number }[]; rows: number };
  /** buildFingerprintSql's result: events, first and last time, an order-independent content hash. */
  fingerprint: { events: number; first: string | null; last: string | null; hash: string };
  config: AssetflowConfig | null;
  generatedAt: string;
  /** 'tab' or 'cli' (which engine computed it). */
  engine: string;
}

const MODELS = [
  'lastTouch',
  'firstTouch',
  'linear',
  'timeDecay',
  'positionBased',
  'markov',
] as const;

const CSS = `body{font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#22303f;max-width:1000px;margin:24px auto;padding:0 20px}
h1{color:#1f3a5f;font-size:24px;margin:0 0 4px}h2{color:#1f3a5f;font-size:18px;border-bottom:2px solid #e3e8ef;padding-bottom:4px;margin-top:28px}
.muted{color:#6b7785}.kpis{display:flex;flex-wrap:wrap;gap:12px}.kpi{border:1px solid #e3e8ef;border-radius:8px;padding:8px 12px;min-width:140px}
.kpi b{display:block;font-size:20px;color:#1f3a5f}table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border-bottom:1px solid #e3e8ef;padding:3px 10px;text-align:left}
th{color:#6b7785;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:8px 0}figcaption{font-weight:600;margin-bottom:4px}
svg .v{fill:#6b7785}pre{background:#f5f7fa;padding:10px;border-radius:6px;white-space:pre-wrap;font-size:12px}
section{break-inside:avoid}@media print{body{margin:0;max-width:none}h2{break-after:avoid}}`;

/** The report as one HTML document (a string). */
export function renderHtmlReport(doc: AnalyzeDocument, ctx: ReportContext, tr: Translator): string {
  const { t, n } = tr;
  const pct = (v: number | null | undefined, d = 1) =>
    v === null || v === undefined ? '–' : `${n(v * 100, d)}%`;
  const m = doc.meta;
  const h = (key: MessageKey, vars?: Record<string, string | number>) => esc(t(key, vars));
  const kpi = (label: string, value: string) =>
    `<div class="kpi"><span class="muted">${esc(label)}</span><b>${esc(value)}</b></div>`;
  const out: string[] = [];

  out.push(`<header><h1>${h('report.title', { brand: m.brand })}</h1>
<p class="muted">${h('report.lead', { asOf: m.asOf })}${m.from && m.to ? ` · ${h('report.period', { from: m.from, to: m.to })}` : ''}</p>
<p class="muted">${h('report.made', { at: ctx.generatedAt, engine: ctx.engine })}</p></header>`);

  const fp = ctx.fingerprint;
  out.push(`<section><h2>${h('report.data')}</h2><div class="kpis">
${kpi(t('report.dataset'), ctx.dataset.label)}${kpi(t('report.rows'), n(m.rows))}${kpi(t('report.events'), n(fp.events))}
${kpi(t('report.span'), `${fp.first ?? '–'} – ${fp.last ?? '–'}`)}${kpi(t('report.fingerprint'), fp.hash)}</div>
<p class="muted">${h('report.files', { files: ctx.dataset.files.map((f) => `${f.name} (${n(f.bytes)} B)`).join(', ') })}. ${h('report.cleaning', { dup: n(m.droppedDuplicates), invalid: n(m.droppedInvalid), unmapped: n(m.unmappedActions) })}</p></section>`);

  const s = doc.stages;
  out.push(`<section><h2>${h('report.stages', { asOf: m.asOf })}</h2>
${bars(
  t('report.stagesChart'),
  BRAND_STAGES.map((st) => ({
    label: st,
    value: s.counts[st],
    text: `${n(s.counts[st])} · ${pct(s.share[st])}`,
  })),
)}
${table(
  [t('report.stage'), t('report.users'), t('report.share')],
  STAGES.map((st) => [
    st,
    n(s.counts[st]),
    st === 'O' ? '–' : pct(s.share[st as Exclude<typeof st, 'O'>]),
  ]),
  [1, 2],
)}
<p class="muted">${h('report.crossPlatform', { n: n(s.crossPlatformUsers) })}</p></section>`);

  const f = doc.flow;
  if (f) {
    out.push(`<section><h2>${h('report.flow', { from: m.from ?? '', to: m.to ?? '' })}</h2>
<div class="kpis">${kpi(t('report.deepening'), pct(f.deepeningRate))}${kpi(t('report.newEntrants'), n(f.newEntrants))}</div>
${bars(
  t('report.progression'),
  BRAND_STAGES.map((st) => ({
    label: st,
    value: f.byStage[st].progressionRate,
    text: pct(f.byStage[st].progressionRate),
  })),
  '#2a9d8f',
)}
${table(
  [
    t('report.stage'),
    t('report.users'),
    t('report.deepened'),
    t('report.stayed'),
    t('report.regressed'),
    t('report.lost'),
    t('report.progressionRate'),
    t('report.purchaseConversion'),
    t('report.gmvShare'),
  ],
  STAGES.map((st) => {
    const b = f.byStage[st];
    return [
      st,
      n(b.size),
      n(b.deepened),
      n(b.stayed),
      n(b.regressed),
      n(b.lost),
      pct(b.progressionRate),
      pct(b.purchaseConversion),
      pct(f.gmvContribution[st]?.share),
    ];
  }),
  [1, 2, 3, 4, 5, 6, 7, 8],
)}</section>`);
  }

  const b = doc.benchmark;
  if (b.byStage) {
    const by = b.byStage;
    out.push(`<section><h2>${h('report.benchmark')}</h2><p class="muted">${h('report.benchBrands', { brands: b.brands.join(', ') })}</p>
${table(
  [
    t('report.stage'),
    t('report.brandShare'),
    t('report.avgShare'),
    t('report.index'),
    t('report.brandProgression'),
    t('report.avgProgression'),
  ],
  BRAND_STAGES.map((st) => [
    st,
    pct(by[st].brandShare),
    pct(by[st].avgShare),
    n(by[st].index, 0),
    pct(by[st].brandProgression),
    pct(by[st].avgProgression),
  ]),
  [1, 2, 3, 4, 5],
)}</section>`);
  }
  out.push(`<section><h2>${h('report.mindshare')}</h2><div class="kpis">${kpi(t('report.deep'), n(doc.mindshare.deepAssetValue, 2))}</div>
${table(
  [t('report.stage'), t('report.mindshareCol'), t('report.spendingPower')],
  STAGES.map((st) => [
    st,
    pct(doc.mindshare.byStage[st].mindshare),
    n(doc.mindshare.byStage[st].spendingPower, 2),
  ]),
  [1, 2],
)}</section>`);

  const j = doc.journeys;
  if (j) {
    const typeName = (c: string) => t(`jny.type.${c}` as MessageKey);
    out.push(`<section><h2>${h('report.journeys')}</h2>
${bars(
  t('report.journeysChart'),
  JOURNEY_TYPES.map((c) => ({
    label: typeName(c),
    value: j.byType[c].buyers,
    text: `${n(j.byType[c].buyers)} · ${pct(j.byType[c].share)}`,
  })),
  '#2a9d8f',
)}
${table(
  [
    t('report.journey'),
    t('report.buyers'),
    t('report.share'),
    t('report.gmv'),
    t('report.prevBuyers'),
  ],
  [
    ...JOURNEY_TYPES.map((c) => [
      typeName(c),
      n(j.byType[c].buyers),
      pct(j.byType[c].share),
      n(j.byType[c].gmv, 2),
      n(j.previous.byType[c].buyers),
    ]),
    [typeName('repeat'), n(j.repeat.buyers), '–', n(j.repeat.gmv, 2), n(j.previous.repeat.buyers)],
  ],
  [1, 2, 3, 4],
)}</section>`);
  }

  const a = doc.attribution;
  if (a) {
    const modelName = (k: string) => t(`att.model.${k}` as MessageKey);
    out.push(`<section><h2>${h('report.attribution')}</h2>
<div class="kpis">${kpi(t('report.conversions'), n(a.conversions))}${kpi(t('report.unattributed'), n(a.unattributed))}</div>
${bars(
  t('report.markovChart'),
  a.channels.map((c) => ({
    label: c,
    value: a.models.markov[c]?.conversions ?? 0,
    text: n(a.models.markov[c]?.conversions ?? 0, 1),
  })),
)}
${table(
  [t('report.channel'), t('report.reach'), ...MODELS.map(modelName)],
  a.channels.map((c) => [
    c,
    n(a.models.lastTouch[c]?.reach ?? 0),
    ...MODELS.map((k) => n(a.models[k][c]?.conversions ?? 0, 1)),
  ]),
  [1, 2, 3, 4, 5, 6, 7],
)}</section>`);
  }

  const fr = doc.frequency;
  out.push(`<section><h2>${h('report.frequency', { at: fr.at })}</h2>
${bars(
  t('report.frequencyChart'),
  Object.entries(fr.exposure).map(([k, v]) => ({
    label: k,
    value: v.rate,
    text: `${pct(v.rate)} (${n(v.users)})`,
  })),
  '#e76f51',
)}
${fr.complete ? '' : `<p class="muted">${h('report.incomplete')}</p>`}</section>`);

  const r = doc.rfm;
  out.push(`<section><h2>${h('report.rfm', { buyers: n(r.buyers) })}</h2>
${table(
  [t('report.tier'), t('report.users'), t('report.revenue'), t('report.share')],
  Object.entries(r.tiers).map(([k, v]) => [
    t(`report.tier.${k}` as MessageKey),
    n(v.users),
    n(v.revenue, 2),
    pct(v.revenueShare),
  ]),
  [1, 2, 3],
)}
${table(
  [t('report.segment'), t('report.users'), t('report.revenue')],
  Object.entries(r.segments).map(([k, v]) => [k, n(v.users), n(v.revenue, 2)]),
  [1, 2],
)}</section>`);

  out.push(`<section><h2>${h('report.config')}</h2><p class="muted">${h('report.configLead')}</p>
<pre>${esc(JSON.stringify(ctx.config, null, 2))}</pre></section>`);

  return `<!doctype html>
<html lang="${tr.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${h('report.title', { brand: m.brand })}</title><style>${CSS}</style></head>
<body>
${out.join('\n')}
</body></html>
`;
}
