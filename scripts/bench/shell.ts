/**
 * The app shell (issue #6 targets: app JS without the wasm ≤ 250 KB gzipped; the shell
 * interactive < 1.5 s on localhost).
 *
 * - Size: every .js file of the build (`dist/assets`, the main thread's chunks and the engine
 *   worker's), gzipped at level 9 as a static server would send them, summed. The worker's JS
 *   includes DuckDB-WASM's JavaScript glue; the .wasm binaries are left out, as the target says.
 * - Interactive: a fresh headless Chromium per run loads the built app from `vite preview` on
 *   localhost; the time is `performance.now()` (ms since navigation start) at the moment the
 *   start screen's demo button is enabled, i.e. the page can take a click. The engine keeps
 *   starting in its worker after that ("DuckDB-WASM ✓"), so that time is recorded beside it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../chromium';
import { median } from './common';

export interface ShellSize {
  /** Gzipped bytes of the main thread's JS (everything but the worker chunk). */
  mainGz: number;
  /** Gzipped bytes of the engine worker's JS (our worker + DuckDB-WASM's JS glue). */
  workerGz: number;
  /** mainGz + workerGz. */
  totalGz: number;
  /** Uncompressed bytes of all JS. */
  totalRaw: number;
  /** The wasm binaries (not counted above), raw bytes. */
  wasmRaw: number;
}

/** Sizes of the built app in `dist` (run `vite build` first). */
export function shellSize(dist: string): ShellSize {
  const dir = path.join(dist, 'assets');
  let mainGz = 0;
  let workerGz = 0;
  let totalRaw = 0;
  let wasmRaw = 0;
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (f.endsWith('.wasm')) wasmRaw += statSync(p).size;
    if (!f.endsWith('.js')) continue;
    const raw = readFileSync(p);
    totalRaw += raw.length;
    const gz = gzipSync(raw, { level: 9 }).length;
    if (/worker/i.test(f)) workerGz += gz;
    else mainGz += gz;
  }
  return { mainGz, workerGz, totalGz: mainGz + workerGz, totalRaw, wasmRaw };
}

export interface ShellTiming {
  /** Median ms from navigation start to the demo button being enabled. */
  interactiveMs: number;
  /** Median ms from navigation start to the engine being ready ("DuckDB-WASM ✓"). */
  engineMs: number;
  runs: number;
}

/** Median over `runs` fresh browsers of the shell's interactive time on `url`. */
export async function shellTiming(url: string, runs: number): Promise<ShellTiming> {
  const interactive: number[] = [];
  const engine: number[] = [];
  for (let i = 0; i < runs; i++) {
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    try {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'commit' });
      const demo = page.getByTestId('demo');
      await demo.waitFor({ timeout: 60_000 });
      await page.waitForFunction(
        () => !(document.querySelector('[data-testid="demo"]') as HTMLButtonElement)?.disabled,
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      interactive.push(await page.evaluate(() => performance.now()));
      await page.getByText('DuckDB-WASM ✓').waitFor({ timeout: 120_000 });
      engine.push(await page.evaluate(() => performance.now()));
    } finally {
      await browser.close();
    }
  }
  return { interactiveMs: median(interactive), engineMs: median(engine), runs };
}
