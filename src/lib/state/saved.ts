/**
 * Opt-in persistence: datasets the user chose to keep, in the browser's origin-private file
 * system (OPFS) under `assetflow/<id>/`: the event files as they were dropped (`0`, `1`, …), the
 * channel spend file(s) if one was loaded (`spend-<key>-0`, …), and `manifest.json` (names,
 * sizes, CSV options, the config in force, the spend's files). Nothing is written unless the
 * user asks; listing never creates anything. The manifest is always the last thing written, so a
 * save cut short is never listed. Deleting removes the folder.
 */
import type { CsvOptions } from '../engine/types';
import type { AssetflowConfig } from '../mapping/config';

const ROOT = 'assetflow';
const MANIFEST = 'manifest.json';

/**
 * The manifest's format. Version 1 (written before the spend was kept) has no `version` field and
 * no `spend`; version 2 adds both. Older manifests are read as version 2 with no spend; a newer
 * one is not listed (and not pruned: a newer app wrote it).
 */
export const MANIFEST_VERSION = 2;

/** One kept file: its name as dropped (the engine picks its reader by extension) and size. */
export interface SavedFile {
  name: string;
  bytes: number;
}

/** The channel spend kept with a dataset, loaded again after the events on Open. */
export interface SavedSpend {
  /** Stored as `spend-<key>-<i>`: a replacement writes new names before the manifest. */
  key: string;
  files: SavedFile[];
  /** CSV options the spend was read with (null: detected, as a dropped file is). */
  csv: CsvOptions | null;
}

/** One kept dataset (its manifest). */
export interface SavedDataset {
  version: number;
  id: string;
  label: string;
  files: SavedFile[];
  savedAt: string;
  csv: CsvOptions | null;
  config: AssetflowConfig | null;
  /** The channel spend file(s) kept with the events; null when none. */
  spend: SavedSpend | null;
}

/** Files to keep with their CSV options (the spend file, say). */
export interface FilesToKeep {
  files: File[];
  csv: CsvOptions | null;
}

/** A manifest that is JSON but not one this app can read: not listed, and not pruned. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(`manifest: ${message}`);
    this.name = 'ManifestError';
  }
}

/** A manifest written by a newer Assetflow (left alone: neither listed nor pruned). */
export class NewerManifestError extends ManifestError {
  constructor(readonly version: number) {
    super(`saved by a newer Assetflow (version ${version})`);
    this.name = 'NewerManifestError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseFiles(v: unknown, what: string): SavedFile[] {
  if (!Array.isArray(v) || !v.length) throw new ManifestError(`${what} has no files`);
  return v.map((f, i) => {
    if (
      !isObject(f) ||
      typeof f.name !== 'string' ||
      !f.name ||
      typeof f.bytes !== 'number' ||
      !Number.isInteger(f.bytes) ||
      f.bytes < 0
    )
      throw new ManifestError(`${what}[${i}] is not {name, bytes}`);
    return { name: f.name, bytes: f.bytes };
  });
}

const optionsOrNull = (v: unknown, what: string): CsvOptions | null => {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw new ManifestError(`${what} is not an object`);
  return v as CsvOptions;
};

/** The stored name of the i-th spend file of a kept spend. */
export const spendFileName = (key: string, i: number) => `spend-${key}-${i}`;

/** A fresh key for a kept spend's files (letters and digits only: safe in a file name). */
const newKey = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * Reads a `manifest.json` of any known version as the current shape (version 1: no spend).
 * Throws a SyntaxError when the text is not JSON, {@link NewerManifestError} for a newer version
 * and {@link ManifestError} for any other shape it cannot read.
 */
export function parseManifest(text: string): SavedDataset {
  const m: unknown = JSON.parse(text);
  if (!isObject(m)) throw new ManifestError('not an object');
  const version = m.version === undefined ? 1 : m.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new ManifestError('bad version');
  if (version > MANIFEST_VERSION) throw new NewerManifestError(version);
  if (typeof m.id !== 'string' || !m.id) throw new ManifestError('no id');
  if (typeof m.label !== 'string') throw new ManifestError('no label');
  if (typeof m.savedAt !== 'string') throw new ManifestError('no savedAt');
  if (m.config !== undefined && m.config !== null && !isObject(m.config))
    throw new ManifestError('config is not an object');
  let spend: SavedSpend | null = null;
  if (version >= 2 && m.spend !== undefined && m.spend !== null) {
    const s = m.spend;
    if (!isObject(s) || typeof s.key !== 'string' || !/^[a-z0-9]+$/.test(s.key))
      throw new ManifestError('spend has no valid key');
    spend = {
      key: s.key,
      files: parseFiles(s.files, 'spend.files'),
      csv: optionsOrNull(s.csv, 'spend.csv'),
    };
  }
  return {
    version: MANIFEST_VERSION,
    id: m.id,
    label: m.label,
    files: parseFiles(m.files, 'files'),
    savedAt: m.savedAt,
    csv: optionsOrNull(m.csv, 'csv'),
    config: (m.config ?? null) as AssetflowConfig | null,
    spend,
  };
}

/** The manifest's JSON (always the current version). */
export const manifestText = (m: SavedDataset): string =>
  JSON.stringify({ ...m, version: MANIFEST_VERSION });

/** True when this browser offers OPFS with writable files. */
export function opfsAvailable(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    typeof navigator.storage?.getDirectory === 'function' &&
    typeof FileSystemFileHandle !== 'undefined' &&
    'createWritable' in FileSystemFileHandle.prototype
  );
}

async function root(create: boolean): Promise<FileSystemDirectoryHandle | null> {
  if (!opfsAvailable()) return null;
  const top = await navigator.storage.getDirectory();
  try {
    return await top.getDirectoryHandle(ROOT, { create });
  } catch {
    return null;
  }
}

async function writeFile(dir: FileSystemDirectoryHandle, name: string, data: Blob | string) {
  const handle = await dir.getFileHandle(name, { create: true });
  const w = await handle.createWritable();
  if (typeof data === 'string') {
    await w.write(data);
    await w.close();
  } else await data.stream().pipeTo(w); // pipeTo closes the file; nothing is held in memory
}

async function readManifest(dir: FileSystemDirectoryHandle): Promise<SavedDataset> {
  return parseManifest(await (await (await dir.getFileHandle(MANIFEST)).getFile()).text());
}

/** Writes the spend files under a fresh key; on failure removes what it wrote and throws. */
async function writeSpend(dir: FileSystemDirectoryHandle, spend: FilesToKeep): Promise<SavedSpend> {
  const key = newKey();
  try {
    for (const [i, f] of spend.files.entries()) await writeFile(dir, spendFileName(key, i), f);
  } catch (e) {
    for (const i of spend.files.keys())
      await dir.removeEntry(spendFileName(key, i)).catch(() => {});
    throw e;
  }
  return {
    key,
    files: spend.files.map((f) => ({ name: f.name, bytes: f.size })),
    csv: spend.csv,
  };
}

/**
 * The kept datasets, newest first (empty, and nothing created, when there are none). With
 * `prune`, the leftovers of saves that did not finish are deleted.
 */
export async function listSaved(prune = false): Promise<SavedDataset[]> {
  const dir = await root(false);
  if (!dir) return [];
  const out: SavedDataset[] = [];
  for await (const [name, entry] of dir.entries()) {
    if (entry.kind !== 'directory') continue;
    try {
      const m = await readManifest(entry as FileSystemDirectoryHandle);
      if (m.id === name) out.push(m);
    } catch (e) {
      // A manifest this app cannot read (a newer version, say) is left alone.
      if (e instanceof ManifestError) continue;
      // A folder without a manifest (or with a torn one) is a save that did not finish (the tab
      // closed while copying): not listed, and removed when asked to prune.
      if (prune) await dir.removeEntry(name, { recursive: true }).catch(() => {});
    }
  }
  return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/**
 * Copies the event files, the spend file(s) if any, and their settings into OPFS; a failed save
 * leaves nothing behind.
 */
export async function saveDataset(
  files: File[],
  label: string,
  csv: CsvOptions | null,
  config: AssetflowConfig | null,
  spend: FilesToKeep | null = null,
): Promise<SavedDataset> {
  const dir = await root(true);
  if (!dir) throw new Error('OPFS is not available in this browser.');
  const id = `ds-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const sub = await dir.getDirectoryHandle(id, { create: true });
  try {
    for (const [i, f] of files.entries()) await writeFile(sub, `${i}`, f);
    const meta: SavedDataset = {
      version: MANIFEST_VERSION,
      id,
      label,
      files: files.map((f) => ({ name: f.name, bytes: f.size })),
      savedAt: new Date().toISOString(),
      csv,
      config,
      spend: spend?.files.length ? await writeSpend(sub, spend) : null,
    };
    // The manifest last: a dataset is listed only once all of its files are written.
    await writeFile(sub, MANIFEST, manifestText(meta));
    return meta;
  } catch (e) {
    await dir.removeEntry(id, { recursive: true }).catch(() => {});
    throw e;
  }
}

/** Replaces the CSV options and/or the config kept with a dataset. */
export async function updateSaved(
  id: string,
  patch: Partial<Pick<SavedDataset, 'csv' | 'config'>>,
): Promise<void> {
  const dir = await root(false);
  if (!dir) return;
  const sub = await dir.getDirectoryHandle(id);
  const m = await readManifest(sub);
  await writeFile(sub, MANIFEST, manifestText({ ...m, ...patch }));
}

/**
 * Replaces the spend kept with a dataset (null removes it). The new files are written under new
 * names, then the manifest, then the old spend files (and any leftover of a replacement cut
 * short) are deleted: at every moment the manifest names complete files.
 */
export async function replaceSavedSpend(
  id: string,
  spend: FilesToKeep | null,
): Promise<SavedSpend | null> {
  const dir = await root(false);
  if (!dir) throw new Error('OPFS is not available in this browser.');
  const sub = await dir.getDirectoryHandle(id);
  const m = await readManifest(sub);
  const kept = spend?.files.length ? await writeSpend(sub, spend) : null;
  await writeFile(sub, MANIFEST, manifestText({ ...m, spend: kept }));
  const stale: string[] = [];
  for await (const name of sub.keys())
    if (name.startsWith('spend-') && !(kept && name.startsWith(`spend-${kept.key}-`)))
      stale.push(name);
  for (const name of stale) await sub.removeEntry(name).catch(() => {});
  return kept;
}

async function readStored(dir: FileSystemDirectoryHandle, stored: string, f: SavedFile) {
  const file = await (await dir.getFileHandle(stored)).getFile();
  if (file.size !== f.bytes) throw new Error(`${f.name} is incomplete.`);
  // The engine reads the name's extension (.csv, .parquet, .gz) to pick its reader.
  return new File([file], f.name, { type: file.type });
}

/**
 * The kept event files and spend files (read lazily from disk) and their manifest; throws when a
 * file is missing or incomplete.
 */
export async function openSaved(
  id: string,
): Promise<{ meta: SavedDataset; files: File[]; spend: FilesToKeep | null }> {
  const dir = await root(false);
  if (!dir) throw new Error('OPFS is not available in this browser.');
  const sub = await dir.getDirectoryHandle(id);
  const meta = await readManifest(sub);
  const files: File[] = [];
  for (const [i, f] of meta.files.entries()) files.push(await readStored(sub, `${i}`, f));
  let spend: FilesToKeep | null = null;
  if (meta.spend) {
    const s = meta.spend;
    const sf: File[] = [];
    for (const [i, f] of s.files.entries())
      sf.push(await readStored(sub, spendFileName(s.key, i), f));
    spend = { files: sf, csv: s.csv };
  }
  return { meta, files, spend };
}

/** Deletes one kept dataset; the `assetflow` folder goes too when it is the last one. */
export async function deleteSaved(id: string): Promise<void> {
  const dir = await root(false);
  if (!dir) return;
  await dir.removeEntry(id, { recursive: true }).catch(() => {});
  const first = await dir.keys().next();
  if (first.done) await (await navigator.storage.getDirectory()).removeEntry(ROOT).catch(() => {});
}

const WORKSPACES = 'assetflow-workspaces';

/** A saved workspace: a named config, and the last report made with it (optional). */
export interface Workspace {
  id: string;
  name: string;
  /** The dataset it was saved with (a label, to recognise it; no data). */
  dataset: string | null;
  savedAt: string;
  config: AssetflowConfig;
  /** The last HTML report made in the session, if any (aggregates only). */
  reportHtml: string | null;
}

async function workspaceDir(create: boolean): Promise<FileSystemDirectoryHandle | null> {
  if (!opfsAvailable()) return null;
  try {
    return await (
      await navigator.storage.getDirectory()
    ).getDirectoryHandle(WORKSPACES, { create });
  } catch {
    return null;
  }
}

/** Saves a workspace (opt-in: only when the user asks); the same name replaces the older one. */
export async function saveWorkspace(
  w: Omit<Workspace, 'id' | 'savedAt'>,
  existing: Workspace[] = [],
): Promise<Workspace> {
  const dir = await workspaceDir(true);
  if (!dir) throw new Error('OPFS is not available in this browser.');
  const id = `ws-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const full: Workspace = { ...w, id, savedAt: new Date().toISOString() };
  await writeFile(dir, `${id}.json`, JSON.stringify(full));
  for (const old of existing.filter((x) => x.name === w.name))
    await dir.removeEntry(`${old.id}.json`).catch(() => {});
  return full;
}

/** The saved workspaces, newest first (nothing is created when there are none). */
export async function listWorkspaces(): Promise<Workspace[]> {
  const dir = await workspaceDir(false);
  if (!dir) return [];
  const out: Workspace[] = [];
  for await (const [name, entry] of dir.entries()) {
    if (entry.kind !== 'file' || !name.endsWith('.json')) continue;
    try {
      out.push(JSON.parse(await (await (entry as FileSystemFileHandle).getFile()).text()));
    } catch {
      // An unreadable entry is skipped.
    }
  }
  return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/** Deletes a workspace; the folder goes with the last one. */
export async function deleteWorkspace(id: string): Promise<void> {
  const dir = await workspaceDir(false);
  if (!dir) return;
  await dir.removeEntry(`${id}.json`).catch(() => {});
  if ((await dir.keys().next()).done)
    await (await navigator.storage.getDirectory()).removeEntry(WORKSPACES).catch(() => {});
}
