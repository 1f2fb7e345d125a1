import {
  CANONICAL_COLUMNS,
  isCanonicalAction,
  type CanonicalAction,
  type CanonicalColumn,
} from './canonical';
import { validateRules, type RuleSet } from '../sql/analysis/rules';
import { validateRfm, type RfmOptions } from '../sql/analysis/rfm';
import { validatePeriod, type NamedPeriod } from '../plan/calendar';

/** Known public layouts recognised with no user input. */
export type LayoutId =
  'generic' | 'rees46' | 'taobao' | 'uci-online-retail' | 'uci-online-retail-ii';

/** How raw columns and values become canonical events (DOMAIN.md §1). */
export interface Mapping {
  layout: LayoutId;
  /** Raw column name per canonical column; absent = not mapped. */
  columns: Partial<Record<CanonicalColumn, string>>;
  /** Multiply `amount` by this raw column (UCI: Quantity × UnitPrice). */
  amountTimes?: string;
  /** Every row is this action when no action column exists (UCI: purchase). */
  actionConstant?: CanonicalAction;
  /** Raw action value (trimmed) → canonical action; values not listed are unmapped. */
  actions: Record<string, CanonicalAction>;
  /** Unit of numeric (Unix) timestamps. */
  tsUnit: 's' | 'ms';
  /** Return rows to exclude from purchases (UCI): quantity ≤ 0 or invoice starting with the prefix. */
  returns?: { quantityColumn: string; invoiceColumn: string; cancelPrefix: string };
  /** Brand name used when no brand column is mapped (the whole file is one brand). */
  singleBrandName: string;
}

/** The versioned JSON config users download, upload and keep in the URL hash. */
export interface AssetflowConfig {
  version: 1;
  mapping: Mapping;
  analysis: {
    brand?: string;
    asOf?: string;
    from?: string;
    to?: string;
    /** The user's named periods (T1, T2], offered by every period picker. */
    periods?: NamedPeriod[];
  };
  /** Stage rules (DOMAIN.md §2); absent = the defaults. */
  rules?: RuleSet;
  /** RFM options (DOMAIN.md §9); absent = the defaults. */
  rfm?: RfmOptions;
}

/** Current config version. */
export const CONFIG_VERSION = 1;

/** An empty generic mapping. */
export function emptyMapping(): Mapping {
  return { layout: 'generic', columns: {}, actions: {}, tsUnit: 's', singleBrandName: 'All' };
}

/** Validation problem with the path it concerns. */
export interface ConfigIssue {
  path: string;
  message: string;
}

const LAYOUTS: LayoutId[] = [
  'generic',
  'rees46',
  'taobao',
  'uci-online-retail',
  'uci-online-retail-ii',
];

/** A value as text for a message; objects (whatever their toString) become JSON, never a throw. */
function shown(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(typeof v);
  } catch {
    return typeof v;
  }
}

/** Validates an unknown value as a config; returns the config or the problems found. */
export function validateConfig(
  raw: unknown,
): { ok: true; config: AssetflowConfig } | { ok: false; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ path: '', message: 'The config must be a JSON object.' }] };
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.version !== 'number')
    issues.push({ path: 'version', message: 'Missing "version" (expected 1).' });
  else if (r.version > CONFIG_VERSION)
    issues.push({
      path: 'version',
      message: `This config is version ${r.version}, newer than this Assetflow (version ${CONFIG_VERSION}). Update Assetflow or export the config again from a matching version.`,
    });
  else if (r.version !== CONFIG_VERSION)
    issues.push({ path: 'version', message: `Unsupported config version ${r.version}.` });
  const m = r.mapping as Record<string, unknown> | undefined;
  if (typeof m !== 'object' || m === null) {
    issues.push({ path: 'mapping', message: 'Missing "mapping" object.' });
    return { ok: false, issues };
  }
  const layout = (m.layout ?? 'generic') as LayoutId;
  if (!LAYOUTS.includes(layout))
    issues.push({ path: 'mapping.layout', message: `Unknown layout "${shown(m.layout)}".` });
  const columns: Partial<Record<CanonicalColumn, string>> = {};
  const rawCols = (m.columns ?? {}) as Record<string, unknown>;
  if (typeof rawCols !== 'object' || rawCols === null)
    issues.push({ path: 'mapping.columns', message: '"columns" must be an object.' });
  else
    for (const [k, v] of Object.entries(rawCols)) {
      if (!(CANONICAL_COLUMNS as readonly string[]).includes(k))
        issues.push({
          path: `mapping.columns.${k}`,
          message: `"${k}" is not a canonical column (${CANONICAL_COLUMNS.join(', ')}).`,
        });
      else if (v === null || v === undefined || v === '') continue;
      else if (typeof v !== 'string')
        issues.push({
          path: `mapping.columns.${k}`,
          message: 'A column mapping must be a column name.',
        });
      else columns[k as CanonicalColumn] = v;
    }
  const actions: Record<string, CanonicalAction> = {};
  const rawActions = (m.actions ?? {}) as Record<string, unknown>;
  if (typeof rawActions !== 'object' || rawActions === null)
    issues.push({ path: 'mapping.actions', message: '"actions" must be an object.' });
  else
    for (const [k, v] of Object.entries(rawActions)) {
      if (v === null || v === '') continue;
      if (!isCanonicalAction(v))
        issues.push({
          path: `mapping.actions.${k}`,
          message: `"${shown(v)}" (for raw value "${k}") is not a canonical action.`,
        });
      else actions[k.trim()] = v;
    }
  if (m.actionConstant !== undefined && !isCanonicalAction(m.actionConstant))
    issues.push({
      path: 'mapping.actionConstant',
      message: `"${shown(m.actionConstant)}" is not a canonical action.`,
    });
  const tsUnit = m.tsUnit === 'ms' ? 'ms' : 's';
  if (m.tsUnit !== undefined && m.tsUnit !== 's' && m.tsUnit !== 'ms')
    issues.push({ path: 'mapping.tsUnit', message: 'tsUnit must be "s" or "ms".' });
  let returns: Mapping['returns'];
  if (m.returns !== undefined) {
    const rr = m.returns as Record<string, unknown>;
    if (
      typeof rr?.quantityColumn === 'string' &&
      typeof rr.invoiceColumn === 'string' &&
      typeof rr.cancelPrefix === 'string'
    )
      returns = {
        quantityColumn: rr.quantityColumn,
        invoiceColumn: rr.invoiceColumn,
        cancelPrefix: rr.cancelPrefix,
      };
    else
      issues.push({
        path: 'mapping.returns',
        message: 'returns needs quantityColumn, invoiceColumn and cancelPrefix.',
      });
  }
  const analysis = (r.analysis ?? {}) as Record<string, unknown>;
  const dateRe = /^\d{4}-\d{2}-\d{2}$/;
  for (const key of ['asOf', 'from', 'to'] as const) {
    const v = analysis[key];
    if (v !== undefined && (typeof v !== 'string' || !dateRe.test(v)))
      issues.push({ path: `analysis.${key}`, message: `${key} must be a date YYYY-MM-DD.` });
  }
  const periods: NamedPeriod[] = [];
  if (analysis.periods !== undefined) {
    if (!Array.isArray(analysis.periods))
      issues.push({
        path: 'analysis.periods',
        message: 'periods must be a list of {"name", "from", "to"}.',
      });
    else
      analysis.periods.forEach((raw: unknown, i) => {
        const p = (raw && typeof raw === 'object' ? raw : {}) as Partial<NamedPeriod>;
        const errors = validatePeriod(p).filter((m) => m.severity === 'error');
        if (errors.length)
          issues.push(
            ...errors.map((e) => ({
              path: `analysis.periods[${i}].${e.field}`,
              message: e.message.en,
            })),
          );
        else periods.push({ name: String(p.name).trim(), from: String(p.from), to: String(p.to) });
      });
  }
  let rules: RuleSet | undefined;
  if (r.rules !== undefined) {
    const v = validateRules(r.rules);
    if (v.ok) rules = v.rules;
    else issues.push(...v.issues);
  }
  let rfm: RfmOptions | undefined;
  if (r.rfm !== undefined) {
    const v = validateRfm(r.rfm);
    if (v.ok) rfm = v.rfm;
    else issues.push(...v.issues);
  }
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    config: {
      ...(rules ? { rules } : {}),
      ...(rfm ? { rfm } : {}),
      version: 1,
      mapping: {
        layout,
        columns,
        actions,
        tsUnit,
        singleBrandName:
          typeof m.singleBrandName === 'string' && m.singleBrandName.trim()
            ? m.singleBrandName.trim()
            : 'All',
        ...(typeof m.amountTimes === 'string' && m.amountTimes
          ? { amountTimes: m.amountTimes }
          : {}),
        ...(isCanonicalAction(m.actionConstant) ? { actionConstant: m.actionConstant } : {}),
        ...(returns ? { returns } : {}),
      },
      analysis: {
        ...(typeof analysis.brand === 'string' ? { brand: analysis.brand } : {}),
        ...(typeof analysis.asOf === 'string' ? { asOf: analysis.asOf } : {}),
        ...(typeof analysis.from === 'string' ? { from: analysis.from } : {}),
        ...(typeof analysis.to === 'string' ? { to: analysis.to } : {}),
        ...(periods.length ? { periods } : {}),
      },
    },
  };
}

/** Mapping problems against the dataset's actual columns (required columns, unknown names). */
export function checkMappingAgainstColumns(m: Mapping, columnNames: string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const has = new Set(columnNames);
  for (const [k, v] of Object.entries(m.columns)) {
    if (v && !has.has(v))
      issues.push({
        path: `mapping.columns.${k}`,
        message: `Column "${v}" (mapped to ${k}) is not in the file. Columns are: ${columnNames.join(', ')}.`,
      });
  }
  if (!m.columns.user_id)
    issues.push({
      path: 'mapping.columns.user_id',
      message: 'Choose the column that identifies a person (user_id).',
    });
  if (!m.columns.ts)
    issues.push({
      path: 'mapping.columns.ts',
      message: 'Choose the column that says when the event happened (ts).',
    });
  if (!m.columns.action && !m.actionConstant)
    issues.push({
      path: 'mapping.columns.action',
      message:
        'Choose the column that holds the behaviour (action), or treat every row as one action.',
    });
  if (m.amountTimes && !has.has(m.amountTimes))
    issues.push({
      path: 'mapping.amountTimes',
      message: `Column "${m.amountTimes}" is not in the file.`,
    });
  if (m.returns) {
    for (const c of [m.returns.quantityColumn, m.returns.invoiceColumn])
      if (!has.has(c))
        issues.push({ path: 'mapping.returns', message: `Column "${c}" is not in the file.` });
  }
  return issues;
}

/** Encodes a config for the URL hash (base64url of the JSON). */
export function encodeConfigHash(c: AssetflowConfig): string {
  const bytes = new TextEncoder().encode(JSON.stringify(c));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes a URL-hash config; returns null when it is not one. */
export function decodeConfigHash(hash: string): unknown {
  try {
    const b64 = hash
      .replace(/^#?(config=)?/, '')
      .replace(/-/g, '+')
      .replace(/_/g, '/');
    const bin = atob(b64 + '==='.slice((b64.length + 3) % 4));
    const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}
