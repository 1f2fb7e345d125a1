/**
 * Opt-in persistence: datasets the user chose to keep, in the browser's origin-private file
 * system (OPFS) under `assetflow/<id>/`: the files as they were dropped, and `manifest.json`
 * (names, sizes, CSV options, the config in force). Nothing is written unless the user asks;
 * listing never creates anything. Deleting removes the folder.
 */
import type { CsvOptions } from '../engine/types';
import type { AssetflowConfig } from '../mapping/config';

const ROOT = 'assetflow';
const MANIFEST = 'manifest.json';

/** One kept dataset. */
export interface SavedDataset {
  id: string;
  label: string;
  files: { name: string; bytes: number }[];
  savedAt: string;
  csv: CsvOptions | null;
  config: AssetflowConfig | null;
}

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
      const fh = await (entry as FileSystemDirectoryHandle).getFileHandle(MANIFEST);
      const m = JSON.parse(await (await fh.getFile()).text()) as SavedDataset;
      if (m.id === name) out.push(m);
    } catch {
      // A folder without a readable manifest is a save that did not finish (the tab closed
      // while copying): not listed, and removed when asked to prune.
      if (prune) await dir.removeEntry(name, { recursive: true }).catch(() => {});
    }
  }
  return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/** Copies the files and their settings into OPFS; a failed save leaves nothing behind. */
export async function saveDataset(
  files: File[],
  label: string,
  csv: CsvOptions | null,
  config: AssetflowConfig | null,
): Promise<SavedDataset> {
  const dir = await root(true);
  if (!dir) throw new Error('OPFS is not available in this browser.');
  const id = `ds-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const sub = await dir.getDirectoryHandle(id, { create: true });
  const meta: SavedDataset = {
    id,
    label,
    files: files.map((f) => ({ name: f.name, bytes: f.size })),
    savedAt: new Date().toISOString(),
    csv,
    config,
  };
  try {
    for (const [i, f] of files.entries()) await writeFile(sub, `${i}`, f);
    // The manifest last: a dataset is listed only once all of its files are written.
    await writeFile(sub, MANIFEST, JSON.stringify(meta));
  } catch (e) {
    await dir.removeEntry(id, { recursive: true }).catch(() => {});
    throw e;
  }
  return meta;
}

/** Replaces the CSV options and/or the config kept with a dataset. */
export async function updateSaved(
  id: string,
  patch: Partial<Pick<SavedDataset, 'csv' | 'config'>>,
): Promise<void> {
  const dir = await root(false);
  if (!dir) return;
  const sub = await dir.getDirectoryHandle(id);
  const fh = await sub.getFileHandle(MANIFEST);
  const m = JSON.parse(await (await fh.getFile()).text()) as SavedDataset;
  await writeFile(sub, MANIFEST, JSON.stringify({ ...m, ...patch }));
}

/** The kept files (read lazily from disk) and their manifest; throws when a file is missing. */
export async function openSaved(id: string): Promise<{ meta: SavedDataset; files: File[] }> {
  const dir = await root(false);
  if (!dir) throw new Error('OPFS is not available in this browser.');
  const sub = await dir.getDirectoryHandle(id);
  const meta = JSON.parse(
    await (await (await sub.getFileHandle(MANIFEST)).getFile()).text(),
  ) as SavedDataset;
  const files: File[] = [];
  for (const [i, f] of meta.files.entries()) {
    const stored = await (await sub.getFileHandle(`${i}`)).getFile();
    if (stored.size !== f.bytes) throw new Error(`${f.name} is incomplete.`);
    // The engine reads the name's extension (.csv, .parquet, .gz) to pick its reader.
    files.push(new File([stored], f.name, { type: stored.type }));
  }
  return { meta, files };
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
