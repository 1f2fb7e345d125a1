/** Computes everything the HTML report shows (the analyze document + the fingerprint) and renders it. */
import { analyzeDocument, type AnalyzeOptions } from '../analyze';
import type { InspectReport } from '../inspect';
import { num, type SqlRunner } from '../runner';
import { buildFingerprintSql } from '../../sql/analysis/overview';
import type { Translator } from '../../i18n/format';
import { renderHtmlReport, type ReportContext } from './render';

/** The report's HTML for the dataset behind `runner`, with the analysis options in force. */
export async function buildHtmlReport(
  runner: SqlRunner,
  inspect: InspectReport,
  opts: AnalyzeOptions,
  ctx: Omit<ReportContext, 'fingerprint'>,
  tr: Translator,
): Promise<string> {
  const doc = await analyzeDocument(runner, inspect, opts);
  const [f] = await runner.all(buildFingerprintSql());
  const fingerprint = {
    events: num(f?.events),
    first: f?.first ? String(f.first) : null,
    last: f?.last ? String(f.last) : null,
    hash: String(f?.hash ?? ''),
  };
  return renderHtmlReport(doc, { ...ctx, fingerprint }, tr);
}

/** When a report is made, as 'YYYY-MM-DD HH:MM:SS UTC'. */
export function reportTimestamp(ms = Date.now()): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}
