/**
 * What the user chose to keep on this device (opt-in, OPFS; src/lib/state/saved.ts does the
 * file work): kept datasets (the dropped files, the channel spend file if one is loaded, and their
 * config) and named workspaces (a config and the last report). Part of the app state (`app.store`); nothing here writes unless asked.
 */
import type { CsvOptions, DatasetInfo } from '../engine/types';
import type { AssetflowConfig } from '../mapping/config';
import {
  deleteSaved,
  deleteWorkspace,
  listSaved,
  listWorkspaces,
  openSaved,
  replaceSavedSpend,
  saveDataset,
  saveWorkspace,
  updateSaved,
  type SavedDataset,
  type Workspace,
} from './saved';

/** What the store needs from the app. */
export interface StoreHost {
  readonly dataset: DatasetInfo | null;
  readonly config: AssetflowConfig | null;
  /** The files (and CSV options) of the dataset in force; null for the demo or no data. */
  readonly source: { files: File[]; csv: CsvOptions | null } | null;
  /** The channel spend in force (null when none). */
  readonly spend: { table: string } | null;
  pendingConfig: AssetflowConfig | null;
  loadFiles(files: File[], csv?: CsvOptions): Promise<void>;
  removeSpend(): Promise<void>;
  importConfig(text: string): Promise<boolean>;
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Kept datasets and workspaces. */
export class DeviceStore {
  /** Datasets kept on this device. */
  saved = $state<SavedDataset[]>([]);
  /** The kept copy of the dataset in force, if the user chose to keep it. */
  savedId = $state<string | null>(null);
  /** Why keeping, opening or saving failed (shown beside the control). */
  savedError = $state<string | null>(null);
  /** Copies into OPFS under way or queued. */
  private pending = $state(0);
  /** Saved workspaces. */
  workspaces = $state<Workspace[]>([]);
  /** The last HTML report made in this session (kept with a workspace when asked). */
  lastReportHtml: string | null = null;

  /** The files of the spend in force (told by the app through {@link setSpend}). */
  private spendFiles: File[] | null = null;
  /** The spend files a kept copy holds, as far as this tab knows (skips rewriting them). */
  private keptSpend: { id: string; files: File[] | null } | null = null;
  /** OPFS writes to the kept copy, one at a time (the manifest is read, patched, rewritten). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: StoreHost) {}

  /** True while a dataset (or its spend file) is being copied into OPFS. */
  get saving(): boolean {
    return this.pending > 0;
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const next = this.queue.then(f, f);
    this.queue = next.catch(() => {});
    return next;
  }

  /** Runs one copy into OPFS after the others, showing "Copying…" and any failure. */
  private async copy(f: () => Promise<void>): Promise<void> {
    this.savedError = null;
    this.pending++;
    try {
      await this.serial(f);
    } catch (e) {
      this.savedError = reason(e);
    } finally {
      this.pending--;
    }
    await this.refresh();
  }

  /** The spend files in force, if the app still has a spend (a reset drops it). */
  private get spendInForce(): File[] | null {
    return this.host.spend ? this.spendFiles : null;
  }

  /** Reads both lists (creates nothing; at start-up, clears saves that did not finish). */
  async refresh(prune = false): Promise<void> {
    this.saved = await listSaved(prune).catch(() => []);
    this.workspaces = await listWorkspaces().catch(() => []);
  }

  /** Whether the dataset in force can be kept: user files (the demo is re-generated instead). */
  get canKeep(): boolean {
    return !!this.host.source && !!this.host.dataset;
  }

  /** Keeps the dataset in force on this device (on), or deletes the kept copy (off). */
  async keep(on: boolean): Promise<void> {
    await this.copy(async () => {
      const src = this.host.source;
      if (on && !this.savedId && src && this.host.dataset) {
        const spend = this.spendInForce;
        const meta = await saveDataset(
          src.files,
          this.host.dataset.label,
          src.csv,
          this.host.config,
          spend ? { files: spend, csv: null } : null,
        );
        this.savedId = meta.id;
        this.keptSpend = { id: meta.id, files: spend };
      } else if (!on && this.savedId) {
        await deleteSaved(this.savedId);
        this.savedId = null;
        this.keptSpend = null;
      }
    });
  }

  /**
   * The app adopted a spend file (files) or removed it (null): a kept copy of the dataset in
   * force copies the new spend file(s) in, or drops its spend.
   */
  async setSpend(files: File[] | null): Promise<void> {
    this.spendFiles = files;
    // Nothing kept and no copy under way (one that is sees the new spend once it is done).
    if (!this.savedId && !this.pending) return;
    await this.copy(async () => {
      const id = this.savedId;
      if (!id || (this.keptSpend?.id === id && this.keptSpend.files === files)) return;
      await replaceSavedSpend(id, files ? { files, csv: null } : null);
      this.keptSpend = { id, files };
    });
  }

  /**
   * Opens a kept dataset with the config it was kept with, then its spend file, if it has one,
   * exactly as a user adding it (so the attribution's costs and the planner's budget come back).
   */
  async openSaved(id: string): Promise<void> {
    this.savedError = null;
    let opened: Awaited<ReturnType<typeof openSaved>>;
    try {
      opened = await openSaved(id);
    } catch (e) {
      this.savedError = reason(e);
      return;
    }
    if (opened.meta.config) this.host.pendingConfig = opened.meta.config;
    await this.host.loadFiles(opened.files, opened.meta.csv ?? undefined);
    if (this.host.source?.files !== opened.files) return;
    this.savedId = id;
    this.keptSpend = { id, files: opened.spend?.files ?? null };
    if (opened.spend) await this.host.loadFiles(opened.spend.files, opened.spend.csv ?? undefined);
    else if (this.host.spend) await this.host.removeSpend();
  }

  /** Deletes a kept dataset (the data in force, if it came from it, stays loaded). */
  async deleteSaved(id: string): Promise<void> {
    await this.serial(() => deleteSaved(id)).catch(() => {});
    if (this.savedId === id) this.savedId = null;
    if (this.keptSpend?.id === id) this.keptSpend = null;
    await this.refresh();
  }

  /** Keeps the kept copy's config (and, after a re-import, CSV options) in step. */
  async sync(csv?: CsvOptions): Promise<void> {
    const id = this.savedId;
    if (!id) return;
    const patch = { config: this.host.config, ...(csv ? { csv } : {}) };
    await this.serial(() => updateSaved(id, patch)).catch(() => {});
  }

  /** Saves the config in force (and the last report, when asked) as a named workspace. */
  async saveWorkspace(name: string, withReport: boolean): Promise<void> {
    const config = this.host.config;
    if (!config || !name.trim()) return;
    this.savedError = null;
    try {
      await saveWorkspace(
        {
          name: name.trim(),
          dataset: this.host.dataset?.label ?? null,
          config,
          reportHtml: withReport ? this.lastReportHtml : null,
        },
        this.workspaces,
      );
    } catch (e) {
      this.savedError = reason(e);
    }
    await this.refresh();
  }

  /** Applies a workspace's config to the data in force (or to the next file that fits). */
  async openWorkspace(w: Workspace): Promise<void> {
    await this.host.importConfig(JSON.stringify(w.config));
  }

  /** Deletes a saved workspace. */
  async deleteWorkspace(id: string): Promise<void> {
    await deleteWorkspace(id).catch(() => {});
    await this.refresh();
  }
}
