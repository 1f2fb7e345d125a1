import { getEngine } from '../engine/client';
import { DEFAULT_RULES, type RuleSet } from '../sql/analysis/rules';
import type { FlowSpec } from '../sql/analysis/flow';
import type { RfmOptions } from '../sql/analysis/rfm';
import { shiftDays } from './dates';
import { toEngineError, type EngineErrorData } from '../engine/errors';
import type { CsvOptions, DatasetInfo, IngestProgress, InitProgress } from '../engine/types';
import {
  checkMappingAgainstColumns,
  decodeConfigHash,
  encodeConfigHash,
  validateConfig,
  type AssetflowConfig,
  type ConfigIssue,
  type Mapping,
} from '../mapping/config';
import {
  detectDataset,
  inspectDataset,
  type DatasetDetection,
  type InspectReport,
} from '../report/inspect';
import { isPathTable } from '../attribution/paths';
import { isSpendTable } from '../sql/analysis/spend';
import { loadSpend, type LoadedSpend } from '../report/spend';
import { EngineError } from '../engine/errors';
import type { NamedPeriod } from '../plan/calendar';
import { buildHtmlReport, reportTimestamp } from '../report/html/run';
import { translator } from '../i18n/format';
import { i18n } from '../i18n/i18n.svelte';
import { downloadBlob } from '../components/download';
import { DeviceStore } from './store.svelte';

/** The views of the app shell; later issues fill the analysis views. */
export const VIEWS = [
  'overview',
  'stages',
  'flow',
  'journeys',
  'attribution',
  'frequency',
  'rfm',
  'benchmark',
  'compare',
  'plan',
] as const;
/** One view id. */
export type ViewId = (typeof VIEWS)[number];
/** Views that exist today. */
export const READY_VIEWS: readonly ViewId[] = [
  'overview',
  'stages',
  'flow',
  'journeys',
  'attribution',
  'frequency',
  'benchmark',
  'rfm',
  'compare',
  'plan',
];
/** The views that work on an aggregated path table (no events). */
export const PATH_VIEWS: readonly ViewId[] = ['attribution'];

/** What the app is busy with (drives the progress bar). */
export interface Busy {
  task: 'engine' | 'load' | 'demo' | 'prepare' | 'restart' | 'report';
  progress: IngestProgress | null;
  startedAt: number;
}

/** The whole app's state: engine, dataset, mapping, report, selection. */
export class AppState {
  engineReady = $state(false);
  initProgress = $state<InitProgress | null>(null);
  busy = $state<Busy | null>(null);
  error = $state<EngineErrorData | null>(null);
  configIssues = $state<ConfigIssue[]>([]);
  dataset = $state<DatasetInfo | null>(null);
  detection = $state<DatasetDetection | null>(null);
  mapping = $state<Mapping | null>(null);
  report = $state<InspectReport | null>(null);
  /** An aggregated path table (DOMAIN.md §7 interchange layout) loaded instead of events. */
  pathTable = $state<DatasetInfo | null>(null);
  view = $state<ViewId>('overview');
  brand = $state<string | null>(null);
  asOf = $state<string | null>(null);
  /** Flow period (T1, T2]. */
  flowFrom = $state<string | null>(null);
  flowTo = $state<string | null>(null);
  /** Audience downloads: hash the ids (SHA-256), and save the config beside the CSV. */
  audience = $state({ hash: false, withConfig: true });
  /** Channel spend (issue #8 item 1), attached to the events dataset; null when none. */
  spend = $state<(LoadedSpend & { label: string; table: string }) | null>(null);
  /** The user's named periods (kept in the config). */
  periods = $state<NamedPeriod[]>([]);
  /** Stage rules in force (null = DOMAIN.md §2 defaults). */
  rules = $state<RuleSet | null>(null);
  /** RFM options in force (null = DOMAIN.md §9 defaults). */
  rfm = $state<RfmOptions | null>(null);
  /** A config from the URL or a file, applied to the next dataset whose columns fit it. */
  pendingConfig = $state<AssetflowConfig | null>(null);
  /** Which panel of the data drawer is open. */
  panel = $state<'import' | 'mapping' | 'sql' | 'workspaces' | 'print' | null>(null);
  /** The report shown in the print view (panel 'print'); null until one is made. */
  printHtml = $state<string | null>(null);
  private lastFiles: File[] = [];
  /** The files and CSV options of the dataset in force (empty for the demo). */
  private datasetFiles: File[] = [];
  /** Whether the dataset in force came from user files (so it can be kept). */
  private fromFiles = $state(false);
  private lastCsv: CsvOptions | null = null;
  /** Kept datasets and workspaces (opt-in, on this device). */
  readonly store = new DeviceStore(this);

  /** The files and CSV options of the dataset in force; null for the demo or no data. */
  get source(): { files: File[]; csv: CsvOptions | null } | null {
    return this.fromFiles ? { files: this.datasetFiles, csv: this.lastCsv } : null;
  }

  /** The config the user can download or share (also kept in the URL hash). */
  config = $derived<AssetflowConfig | null>(
    this.mapping
      ? {
          version: 1,
          mapping: this.mapping,
          analysis: {
            ...(this.brand ? { brand: this.brand } : {}),
            ...(this.asOf ? { asOf: this.asOf } : {}),
            ...(this.flowFrom ? { from: this.flowFrom } : {}),
            ...(this.flowTo ? { to: this.flowTo } : {}),
            ...(this.periods.length ? { periods: $state.snapshot(this.periods) } : {}),
          },
          ...(this.rules ? { rules: this.rules } : {}),
          ...(this.rfm ? { rfm: this.rfm } : {}),
        }
      : null,
  );

  /**
   * The spec of a period (T1, T2] for the chosen brand with the rules in force (DOMAIN.md §4, §6,
   * §7 share it); null until a brand and a valid period exist. Reactive where it is read.
   */
  periodSpec(from: string | null, to: string | null): FlowSpec | null {
    return this.brand && this.report && from && to && from < to
      ? {
          brand: this.brand,
          from,
          to,
          rules: this.rules ?? DEFAULT_RULES,
          moneyAvailable: this.report.meta.moneyAvailable,
        }
      : null;
  }

  /** Reads a config from the URL hash, if there is one. */
  readHash(hash: string): void {
    if (!hash || hash.length < 2) return;
    const raw = decodeConfigHash(hash);
    if (raw === null) return;
    const v = validateConfig(raw);
    if (v.ok) this.pendingConfig = v.config;
    else this.configIssues = v.issues;
  }

  /** The hash that encodes the current config. */
  hash(): string {
    return this.config ? `#config=${encodeConfigHash(this.config)}` : '';
  }

  /** Starts the engine in the background (wasm download). */
  async start(): Promise<void> {
    this.store.refresh(true);
    const engine = getEngine();
    engine.onInitProgress = (p) => (this.initProgress = p);
    try {
      await engine.init();
      this.engineReady = true;
    } catch (e) {
      this.error = toEngineError(e).toData();
    }
  }

  private async run<T>(
    task: Busy['task'],
    f: (onProgress: (p: IngestProgress) => void) => Promise<T>,
  ): Promise<T | null> {
    this.error = null;
    this.busy = { task, progress: null, startedAt: performance.now() };
    try {
      return await f((p) => {
        if (this.busy) this.busy = { ...this.busy, progress: p };
      });
    } catch (e) {
      this.error = toEngineError(e).toData();
      return null;
    } finally {
      this.busy = null;
    }
  }

  /** Loads user files as the new dataset; on failure the current dataset stays. */
  async loadFiles(files: File[], csv?: CsvOptions): Promise<void> {
    if (!files.length) return;
    const info = await this.run('load', (onProgress) =>
      getEngine().registerFiles(files, csv ? { csv } : undefined, onProgress),
    );
    if (info) {
      if (await this.adoptSpend(info)) {
        // Adopted (not refused): a kept copy of the dataset keeps the spend file too.
        if (this.spend?.table === info.table) await this.store.setSpend(files);
        return;
      }
      this.lastFiles = files;
      if (await this.adopt(info)) {
        this.datasetFiles = files;
        this.fromFiles = true;
        this.lastCsv = csv ?? null;
        this.store.savedId = null;
      }
    }
  }

  /** Re-imports the last files with changed CSV options. */
  async reimport(csv: CsvOptions): Promise<void> {
    const kept = this.store.savedId;
    if (this.lastFiles.length) await this.loadFiles(this.lastFiles, csv);
    // Same files, new options: the kept copy (if any) stays theirs, with the new options.
    if (kept && this.lastCsv === csv) {
      this.store.savedId = kept;
      await this.store.sync(csv);
    }
  }

  /** Generates the demo data on the device and loads it. */
  async loadDemo(events?: number): Promise<void> {
    const info = await this.run('demo', (onProgress) => getEngine().loadDemo(events, onProgress));
    if (info) {
      this.lastFiles = [];
      if (await this.adopt(info)) {
        this.datasetFiles = [];
        this.fromFiles = false;
        this.lastCsv = null;
        this.store.savedId = null;
      }
    }
  }

  /**
   * A channel spend file joins the events dataset in force (the events stay); without events
   * it is refused with a message. Returns true when it was a spend file (handled either way).
   */
  private async adoptSpend(info: DatasetInfo): Promise<boolean> {
    const names = info.columns.map((c) => c.name);
    if (!isSpendTable(names)) return false;
    const drop = () =>
      getEngine()
        .dropDataset(info.table)
        .catch(() => {});
    if (!this.report || !this.dataset || this.pathTable) {
      this.error = new EngineError(
        'MAPPING',
        `"${info.label}" is a channel spend file (channel, date, cost), not an event log.`,
        'Load the brand’s event data first, then add the spend file with “Other files…”: costs join the attribution and the planner.',
      ).toData();
      await drop();
      return true;
    }
    const previous = this.spend;
    const loaded = await this.run('prepare', () =>
      loadSpend(getEngine().runner('spend'), info.table, names),
    );
    if (!loaded) {
      await drop();
      return true;
    }
    this.spend = { ...loaded, label: info.label, table: info.table };
    if (previous && previous.table !== info.table)
      getEngine()
        .dropDataset(previous.table)
        .catch(() => {});
    return true;
  }

  /** Removes the channel spend (the events stay). */
  async removeSpend(): Promise<void> {
    const s = this.spend;
    this.spend = null;
    if (s)
      await getEngine()
        .dropDataset(s.table)
        .catch(() => {});
    await this.store.setSpend(null);
  }

  private async adopt(info: DatasetInfo): Promise<boolean> {
    const previous = this.dataset;
    if (isPathTable(info.columns.map((c) => c.name))) {
      // A path table needs no mapping and has no events: only attribution runs on it.
      this.dataset = info;
      this.pathTable = info;
      this.detection = null;
      this.mapping = null;
      this.report = null;
      this.configIssues = [];
      this.view = 'attribution';
      if (previous && previous.table !== info.table)
        getEngine()
          .dropDataset(previous.table)
          .catch(() => {});
      return true;
    }
    const runner = getEngine().runner('prep');
    const detection = await this.run('prepare', () =>
      detectDataset(runner, info.table, info.columns),
    );
    if (!detection) return false;
    let mapping = detection.mapping;
    const pending = this.pendingConfig;
    if (pending) {
      const issues = checkMappingAgainstColumns(
        pending.mapping,
        info.columns.map((c) => c.name),
      );
      if (issues.length === 0) {
        mapping = pending.mapping;
        this.pendingConfig = null;
      } else this.configIssues = issues;
    }
    const ok = await this.prepare(info, mapping, detection);
    if (!ok) return false;
    this.dataset = info;
    this.pathTable = null;
    this.detection = detection;
    if (pending && mapping === pending.mapping) {
      this.brand = pending.analysis.brand ?? null;
      this.flowFrom = pending.analysis.from ?? null;
      this.flowTo = pending.analysis.to ?? null;
      this.periods = pending.analysis.periods ?? [];
      this.asOf = pending.analysis.asOf ?? null;
      this.rules = pending.rules ?? null;
      this.rfm = pending.rfm ?? null;
    }
    this.pickDefaults();
    if (previous && previous.table !== info.table)
      getEngine()
        .dropDataset(previous.table)
        .catch(() => {});
    return true;
  }

  private async prepare(
    info: DatasetInfo,
    mapping: Mapping,
    detection = this.detection,
  ): Promise<boolean> {
    const issues = checkMappingAgainstColumns(
      mapping,
      info.columns.map((c) => c.name),
    );
    if (issues.length) {
      this.configIssues = issues;
      this.mapping = mapping;
      this.panel = 'mapping';
      return false;
    }
    const report = await this.run('prepare', () =>
      inspectDataset(
        getEngine().runner('prep'),
        info.table,
        info.columns,
        mapping,
        detection ?? undefined,
      ),
    );
    if (!report) return false;
    this.mapping = mapping;
    this.report = report;
    this.configIssues = [];
    return true;
  }

  private pickDefaults(): void {
    const ov = this.report?.overview;
    if (!ov) return;
    if (!this.brand || !ov.brandList.some((b) => b.brand === this.brand))
      this.brand = ov.brandList[0]?.brand ?? null;
    if (!this.asOf || (ov.dateTo && this.asOf > ov.dateTo)) this.asOf = ov.dateTo;
    if (!this.flowTo || (ov.dateTo && this.flowTo > ov.dateTo)) this.flowTo = this.asOf;
    if (!this.flowFrom || this.flowFrom >= (this.flowTo ?? '')) {
      // 30 days back, not before the data; a one-day file compares with the day before it.
      const from = shiftDays(this.flowTo, -30, ov.dateFrom);
      this.flowFrom =
        from && this.flowTo && from >= this.flowTo ? shiftDays(this.flowTo, -1, null) : from;
    }
  }

  /** Applies an edited mapping: rebuilds events and the overview. */
  async applyMapping(m: Mapping): Promise<void> {
    if (!this.dataset) return;
    if (await this.prepare(this.dataset, m)) this.pickDefaults();
  }

  /** Loads a config JSON (from a file); invalid configs leave the current one in force. */
  async importConfig(text: string): Promise<boolean> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.configIssues = [{ path: '', message: 'The file is not valid JSON.' }];
      return false;
    }
    const v = validateConfig(raw);
    if (!v.ok) {
      this.configIssues = v.issues;
      return false;
    }
    this.configIssues = [];
    if (!this.dataset) {
      this.pendingConfig = v.config;
      return true;
    }
    const issues = checkMappingAgainstColumns(
      v.config.mapping,
      this.dataset.columns.map((c) => c.name),
    );
    if (issues.length) {
      this.configIssues = issues;
      return false;
    }
    if (await this.prepare(this.dataset, v.config.mapping)) {
      this.brand = v.config.analysis.brand ?? this.brand;
      this.asOf = v.config.analysis.asOf ?? this.asOf;
      this.flowFrom = v.config.analysis.from ?? this.flowFrom;
      this.flowTo = v.config.analysis.to ?? this.flowTo;
      this.rules = v.config.rules ?? null;
      this.rfm = v.config.rfm ?? null;
      this.periods = v.config.analysis.periods ?? this.periods;
      this.pickDefaults();
    }
    return true;
  }

  /** Cancels what is running (the worker restarts if it does not stop in time). */
  async cancel(): Promise<void> {
    try {
      const restarted = await getEngine().cancel('*');
      if (restarted && this.dataset && this.mapping) await this.prepare(this.dataset, this.mapping);
    } catch (e) {
      this.error = toEngineError(e).toData();
    }
  }

  /**
   * Restarts the engine after it ran out of memory: a fresh worker frees all wasm memory, the
   * registered files are read again, and the events are rebuilt with the mapping in force, so
   * every view recomputes. Settings stay.
   */
  async restartEngine(): Promise<void> {
    const current = this.dataset;
    const infos = await this.run('restart', () => getEngine().restart());
    this.engineReady = !!infos;
    if (!infos || !current) return;
    const info = infos.find((i) => i.label === current.label) ?? infos.at(-1);
    if (!info) return;
    if (this.pathTable) {
      this.dataset = info;
      this.pathTable = info;
      return;
    }
    this.dataset = info;
    if (this.mapping) await this.prepare(info, this.mapping);
    const spend = this.spend;
    const spendInfo = spend ? infos.find((i) => i.label === spend.label) : undefined;
    if (spend && spendInfo) {
      const loaded = await this.run('prepare', () =>
        loadSpend(
          getEngine().runner('spend'),
          spendInfo.table,
          spendInfo.columns.map((c) => c.name),
        ),
      );
      this.spend = loaded ? { ...loaded, label: spendInfo.label, table: spendInfo.table } : null;
    }
  }

  /**
   * Computes every analysis with the choices in force (brand, T, the Flow period, rules, RFM) and
   * downloads the shareable HTML report in the UI's language. Cancellable from the progress bar.
   */
  async downloadReport(): Promise<void> {
    const html = await this.makeReport();
    if (html)
      downloadBlob(
        `assetflow-report-${this.brand}-${this.asOf ?? ''}.html`.replace(/[^\w.-]+/g, '-'),
        html,
        'text/html',
      );
  }

  /** The same report in the print view (an in-app page to read and print; nothing is saved). */
  async printReport(): Promise<void> {
    const html = await this.makeReport();
    if (!html) return;
    this.printHtml = html;
    this.panel = 'print';
  }

  /** The HTML report of the choices in force, or null (no data, or cancelled). */
  private async makeReport(): Promise<string | null> {
    const inspect = this.report;
    const ds = this.dataset;
    if (!inspect || !ds || !this.brand) return null;
    const period = this.flowFrom && this.flowTo && this.flowFrom < this.flowTo;
    const html = await this.run('report', () =>
      buildHtmlReport(
        getEngine().runner('report'),
        inspect,
        {
          brand: this.brand ?? undefined,
          asOf: this.asOf ?? undefined,
          ...(period ? { from: this.flowFrom ?? undefined, to: this.flowTo ?? undefined } : {}),
          rules: this.rules ?? undefined,
          rfm: this.rfm ?? undefined,
        },
        {
          dataset: { label: ds.label, files: ds.files, rows: ds.rows },
          config: $state.snapshot(this.config) as AssetflowConfig | null,
          generatedAt: reportTimestamp(),
          engine: i18n.t('report.engineTab'),
        },
        translator(i18n.locale),
      ),
    );
    if (html) this.store.lastReportHtml = html;
    return html ?? null;
  }

  /** Forgets all data and frees the engine's memory. */
  async reset(): Promise<void> {
    await getEngine().reset();
    this.dataset = null;
    this.detection = null;
    this.mapping = null;
    this.report = null;
    this.pathTable = null;
    this.spend = null;
    this.brand = null;
    this.asOf = null;
    this.error = null;
    this.lastFiles = [];
    this.datasetFiles = [];
    this.fromFiles = false;
    this.lastCsv = null;
    this.store.savedId = null;
    this.engineReady = false;
    await this.start();
  }

  /** Clears the error banner. */
  dismissError(): void {
    this.error = null;
  }
}

/** The single app state. */
export const app = new AppState();
