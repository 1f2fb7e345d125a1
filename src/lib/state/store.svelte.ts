/**
 * What the user chose to keep on this device (opt-in, OPFS; src/lib/state/saved.ts does the
 * file work): kept datasets (the dropped files + their config) and named workspaces (a config
 * and the last report). Part of the app state (`app.store`); nothing here writes unless asked.
 */
import type { CsvOptions, DatasetInfo } from '../engine/types';
import type { AssetflowConfig } from '../mapping/config';
import {
  deleteSaved,
  deleteWorkspace,
  listSaved,
  listWorkspaces,
  openSaved,
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
  pendingConfig: AssetflowConfig | null;
  loadFiles(files: File[], csv?: CsvOptions): Promise<void>;
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
  /** True while a dataset is being copied into OPFS. */
  saving = $state(false);
  /** Saved workspaces. */
  workspaces = $state<Workspace[]>([]);
  /** The last HTML report made in this session (kept with a workspace when asked). */
  lastReportHtml: string | null = null;

  constructor(private readonly host: StoreHost) {}

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
    this.savedError = null;
    this.saving = true;
    try {
      const src = this.host.source;
      if (on && !this.savedId && src && this.host.dataset) {
        const meta = await saveDataset(
          src.files,
          this.host.dataset.label,
          src.csv,
          this.host.config,
        );
        this.savedId = meta.id;
      } else if (!on && this.savedId) {
        await deleteSaved(this.savedId);
        this.savedId = null;
      }
    } catch (e) {
      this.savedError = reason(e);
    } finally {
      this.saving = false;
    }
    await this.refresh();
  }

  /** Opens a kept dataset with the config it was kept with. */
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
    if (this.host.source?.files === opened.files) this.savedId = id;
  }

  /** Deletes a kept dataset (the data in force, if it came from it, stays loaded). */
  async deleteSaved(id: string): Promise<void> {
    await deleteSaved(id).catch(() => {});
    if (this.savedId === id) this.savedId = null;
    await this.refresh();
  }

  /** Keeps the kept copy's config (and, after a re-import, CSV options) in step. */
  async sync(csv?: CsvOptions): Promise<void> {
    if (this.savedId)
      await updateSaved(this.savedId, { config: this.host.config, ...(csv ? { csv } : {}) }).catch(
        () => {},
      );
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
