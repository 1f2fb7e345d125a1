/**
 * Kept datasets (opt-in OPFS, src/lib/state/saved.ts): the manifest's versions (version 1, written
 * before the spend was kept, still opens, with no spend; a newer one is left alone), and the file
 * work on an in-memory stand-in for OPFS: the spend file is kept beside the events, replaced and
 * removed with the manifest always naming complete files, and a save cut short is never listed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ManifestError,
  MANIFEST_VERSION,
  NewerManifestError,
  listSaved,
  openSaved,
  parseManifest,
  replaceSavedSpend,
  saveDataset,
  updateSaved,
} from '../../../src/lib/state/saved';

/** A manifest exactly as the app wrote it before the spend was kept (no version, no spend). */
const V1 = {
  id: 'ds-lx1-abc123',
  label: 'demo.csv',
  files: [{ name: 'demo.csv', bytes: 12 }],
  savedAt: '2024-07-01T10:00:00.000Z',
  csv: { delimiter: ';' },
  config: { version: 1, mapping: { columns: {} }, analysis: { brand: 'Stride' } },
};

describe('parseManifest', () => {
  it('reads a version 1 manifest as the current shape, with no spend', () => {
    const m = parseManifest(JSON.stringify(V1));
    expect(m).toEqual({ ...V1, version: MANIFEST_VERSION, spend: null });
  });

  it('ignores a spend field in a version 1 manifest', () => {
    const m = parseManifest(
      JSON.stringify({ ...V1, spend: { key: 'k1', files: [{ name: 's.csv', bytes: 3 }] } }),
    );
    expect(m.spend).toBeNull();
  });

  it('reads the spend of a version 2 manifest; a missing csv is null', () => {
    const m = parseManifest(
      JSON.stringify({
        ...V1,
        version: 2,
        spend: { key: 'lx2ab', files: [{ name: 'spend.csv', bytes: 40 }] },
      }),
    );
    expect(m.spend).toEqual({ key: 'lx2ab', files: [{ name: 'spend.csv', bytes: 40 }], csv: null });
  });

  it('defaults a missing csv and config to null', () => {
    const { csv: _c, config: _g, ...rest } = V1;
    const m = parseManifest(JSON.stringify(rest));
    expect(m.csv).toBeNull();
    expect(m.config).toBeNull();
  });

  it('refuses a newer version with its own error', () => {
    const e = (() => {
      try {
        parseManifest(JSON.stringify({ ...V1, version: MANIFEST_VERSION + 1 }));
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(NewerManifestError);
    expect(e).toBeInstanceOf(ManifestError);
  });

  it.each([
    ['an array', []],
    ['no id', { ...V1, id: '' }],
    ['no files', { ...V1, files: [] }],
    ['a file without a size', { ...V1, files: [{ name: 'a.csv' }] }],
    ['a negative size', { ...V1, files: [{ name: 'a.csv', bytes: -1 }] }],
    ['version 0', { ...V1, version: 0 }],
    ['a text version', { ...V1, version: '2' }],
    ['a config that is not an object', { ...V1, config: 'x' }],
    ['a spend key with a path in it', { ...V1, version: 2, spend: { key: '../x', files: [] } }],
    ['a spend with no files', { ...V1, version: 2, spend: { key: 'k', files: [] } }],
  ])('refuses %s', (_name, m) => {
    expect(() => parseManifest(JSON.stringify(m))).toThrow(ManifestError);
  });

  it('throws a SyntaxError (not a ManifestError) for text that is not JSON', () => {
    expect(() => parseManifest('{"id": ')).toThrow(SyntaxError);
  });
});

// --- An in-memory OPFS: directories of files, writable streams that commit on close. ---

class MemFile {
  constructor(public data: Blob = new Blob([])) {}
  async getFile() {
    return new File([this.data], 'x');
  }
  async createWritable() {
    const chunks: BlobPart[] = [];
    const ws = new WritableStream<BlobPart>({
      write: (c) => void chunks.push(c),
      close: () => void (this.data = new Blob(chunks)),
    });
    return Object.assign(ws, { write: async (c: BlobPart) => void chunks.push(c) });
  }
}

class MemDir {
  kind = 'directory' as const;
  items = new Map<string, MemDir | MemFile>();
  async getDirectoryHandle(name: string, o?: { create?: boolean }) {
    const e = this.items.get(name);
    if (e instanceof MemDir) return e;
    if (e || !o?.create) throw new DOMException(name, 'NotFoundError');
    const d = new MemDir();
    this.items.set(name, d);
    return d;
  }
  async getFileHandle(name: string, o?: { create?: boolean }) {
    const e = this.items.get(name);
    if (e instanceof MemFile) return e;
    if (e || !o?.create) throw new DOMException(name, 'NotFoundError');
    const f = new MemFile();
    this.items.set(name, f);
    return f;
  }
  async removeEntry(name: string) {
    if (!this.items.delete(name)) throw new DOMException(name, 'NotFoundError');
  }
  async *keys() {
    yield* [...this.items.keys()];
  }
  async *entries() {
    for (const [k, v] of [...this.items]) yield [k, v instanceof MemDir ? v : { kind: 'file' }];
  }
}

let top: MemDir;
const folder = (id: string) => (top.items.get('assetflow') as MemDir).items.get(id) as MemDir;
const names = (id: string) => [...folder(id).items.keys()].sort();
const manifest = async (id: string) =>
  JSON.parse(await (await (folder(id).items.get('manifest.json') as MemFile).getFile()).text());

beforeEach(() => {
  top = new MemDir();
  vi.stubGlobal('navigator', { storage: { getDirectory: async () => top } });
  vi.stubGlobal('FileSystemFileHandle', MemFile);
});
afterEach(() => vi.unstubAllGlobals());

const events = [new File(['user_id,ts\n1,2024-01-01\n'], 'events.csv')];
const spend = new File(['channel,date,cost\nsearch,2024-01-01,5\n'], 'spend.csv');
const spend2 = new File(['channel,date,cost\nfeed,2024-01-02,7.5\n'], 'spend-june.csv');

describe('kept datasets with a spend file', () => {
  it('keeps the spend beside the events; the manifest names it and Open returns it', async () => {
    const meta = await saveDataset(events, 'events.csv', null, null, {
      files: [spend],
      csv: null,
    });
    expect(meta.spend?.files).toEqual([{ name: 'spend.csv', bytes: spend.size }]);
    const key = meta.spend?.key ?? '';
    expect(names(meta.id)).toEqual(['0', 'manifest.json', `spend-${key}-0`]);
    expect(await manifest(meta.id)).toEqual({ ...meta, version: MANIFEST_VERSION });

    const opened = await openSaved(meta.id);
    expect(opened.files.map((f) => f.name)).toEqual(['events.csv']);
    expect(opened.spend?.files.map((f) => f.name)).toEqual(['spend.csv']);
    expect(await opened.spend?.files[0].text()).toBe(await spend.text());
    expect(opened.spend?.csv).toBeNull();
    expect(await listSaved()).toEqual([meta]);
  });

  it('replaces and removes the kept spend; old files go after the manifest', async () => {
    const meta = await saveDataset(events, 'events.csv', null, null);
    expect(meta.spend).toBeNull();
    expect((await openSaved(meta.id)).spend).toBeNull();

    const first = await replaceSavedSpend(meta.id, { files: [spend], csv: null });
    const second = await replaceSavedSpend(meta.id, { files: [spend2], csv: null });
    expect(second?.key).not.toBe(first?.key);
    expect(names(meta.id)).toEqual(['0', 'manifest.json', `spend-${second?.key}-0`]);
    expect((await manifest(meta.id)).spend.files).toEqual([
      { name: 'spend-june.csv', bytes: spend2.size },
    ]);
    expect(await (await openSaved(meta.id)).spend?.files[0].text()).toBe(await spend2.text());

    // A config update keeps the spend.
    await updateSaved(meta.id, { config: null, csv: { header: true } });
    expect((await manifest(meta.id)).spend.key).toBe(second?.key);

    await replaceSavedSpend(meta.id, null);
    expect(names(meta.id)).toEqual(['0', 'manifest.json']);
    expect((await manifest(meta.id)).spend).toBeNull();
    expect((await openSaved(meta.id)).spend).toBeNull();
  });

  it('opens a version 1 manifest (kept before the spend was) and upgrades it on update', async () => {
    const dir = await (
      await top.getDirectoryHandle('assetflow', { create: true })
    ).getDirectoryHandle(V1.id, { create: true });
    dir.items.set('0', new MemFile(new Blob(['0123456789ab']))); // V1's 12 bytes
    dir.items.set('manifest.json', new MemFile(new Blob([JSON.stringify(V1)])));
    const [listed] = await listSaved();
    expect(listed.spend).toBeNull();
    const opened = await openSaved(V1.id);
    expect(opened.spend).toBeNull();
    expect(opened.files[0].name).toBe('demo.csv');
    await replaceSavedSpend(V1.id, { files: [spend], csv: null });
    const now = await manifest(V1.id);
    expect(now.version).toBe(MANIFEST_VERSION);
    expect(now.config).toEqual(V1.config);
    expect(now.spend.files[0].name).toBe('spend.csv');
  });

  it('a save cut short is not listed and is pruned; a newer manifest is left alone', async () => {
    const root = await top.getDirectoryHandle('assetflow', { create: true });
    const cut = await root.getDirectoryHandle('ds-cut', { create: true });
    cut.items.set('0', new MemFile(new Blob(['partial'])));
    const newer = await root.getDirectoryHandle('ds-newer', { create: true });
    newer.items.set(
      'manifest.json',
      new MemFile(new Blob([JSON.stringify({ ...V1, id: 'ds-newer', version: 99 })])),
    );
    expect(await listSaved()).toEqual([]);
    expect(await listSaved(true)).toEqual([]);
    expect([...root.items.keys()]).toEqual(['ds-newer']);
  });

  it('a spend file whose kept copy is incomplete is refused on Open', async () => {
    const meta = await saveDataset(events, 'events.csv', null, null, {
      files: [spend],
      csv: null,
    });
    (folder(meta.id).items.get(`spend-${meta.spend?.key}-0`) as MemFile).data = new Blob(['x']);
    await expect(openSaved(meta.id)).rejects.toThrow('spend.csv is incomplete.');
  });

  it('a failed spend copy leaves the kept copy as it was', async () => {
    const meta = await saveDataset(events, 'events.csv', null, null, {
      files: [spend],
      csv: null,
    });
    const before = names(meta.id);
    const broken = new File(['x'], 'broken.csv');
    Object.defineProperty(broken, 'stream', {
      value: () =>
        new ReadableStream({
          pull: (c) => c.error(new Error('read failed')),
        }),
    });
    await expect(replaceSavedSpend(meta.id, { files: [broken], csv: null })).rejects.toThrow(
      'read failed',
    );
    expect(names(meta.id)).toEqual(before);
    expect((await manifest(meta.id)).spend).toEqual(meta.spend);
  });
});
