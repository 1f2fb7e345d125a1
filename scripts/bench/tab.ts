/**
 * The tab: headless Chromium (the system browser through Playwright) on the built app served by
 * `vite preview`, files given through the file input. Each run gets a fresh browser, whose process
 * tree's memory (sum of PSS) is sampled during the run; the peak is recorded.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../chromium';
import { median, medianViews, type ViewTimes } from './common';
import { samplePeak, treePssMB } from './memory';

export const PORT = 4179;

/**
 * Waits for a test id, or fails fast with the message of an error banner (say, out of memory)
 * instead of waiting for the timeout.
 */
export async function ready(page: Page, testid: string): Promise<void> {
  const err = page.getByRole('alert').first();
  const which = await Promise.race([
    page
      .getByTestId(testid)
      .first()
      .waitFor({ timeout: 1_800_000 })
      .then(() => 'ok' as const),
    err.waitFor({ timeout: 1_800_000 }).then(() => 'error' as const),
  ]);
  if (which === 'error') {
    // The banner's text without its dismiss button and the folded technical detail.
    const text = (await err.innerText()).replace(/✕|Technical detail/g, ' ').replace(/\s+/g, ' ');
    throw new Error(`${testid}: ${text.trim()}`);
  }
}

async function browserPid(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[];
  };
  await cdp.detach();
  const main = info.processInfo.find((p) => p.type === 'browser');
  if (!main) throw new Error('SystemInfo.getProcessInfo listed no browser process');
  return main.id;
}

/**
 * One run in a fresh browser: the app loaded and its engine ready, then `timed` (the measured part)
 * while the browser's memory is sampled. Returns `timed`'s result, the peak and the memory with
 * the app idle before the file is chosen (MB).
 */
async function inFreshTab<T>(
  timed: (page: Page) => Promise<T>,
): Promise<{ r: T; peakMB: number; idleMB: number }> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const pid = await browserPid(browser);
    const sampler = samplePeak(pid);
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.getByText('DuckDB-WASM ✓').waitFor({ timeout: 120_000 });
    const idleMB = treePssMB(pid);
    try {
      const r = await timed(page);
      return { r, peakMB: sampler.stop(), idleMB };
    } finally {
      sampler.stop();
    }
  } finally {
    await browser.close();
  }
}

/** File chosen → overview on screen (ms), median of `runs`; peak memory over the runs. */
export async function tabLoad(file: string, runs: number) {
  const totals: number[] = [];
  const idle: number[] = [];
  let peakMB = 0;
  for (let i = 0; i < runs; i++) {
    const {
      r,
      peakMB: p,
      idleMB,
    } = await inFreshTab(async (page) => {
      const t0 = performance.now();
      await page.getByTestId('file-input').setInputFiles(file);
      await ready(page, 'overview');
      return performance.now() - t0;
    });
    totals.push(r);
    idle.push(idleMB);
    peakMB = Math.max(peakMB, p);
  }
  return { total: median(totals), peakMB, idleMB: median(idle) };
}

/** The views in the order the bench clicks them, each with the test ids that mean "on screen". */
const VIEWS: [keyof ViewTimes, string, string[]][] = [
  ['stages', 'Stages', ['stage-table', 'stages-vs-avg']],
  ['flow', 'Flow', ['flow-table']],
  ['benchmark', 'Benchmark', ['bench-table', 'mindshare-table']],
  ['rfm', 'RFM', ['rfm-tiers']],
  ['journeys', 'Journeys', ['jny-table']],
  ['attribution', 'Attribution', ['att-table']],
  ['frequency', 'Frequency', ['freq-exposure']],
];

/** Tab: file chosen → overview, then each view from its click to its data on screen. */
export async function tabAnalysis(file: string, runs: number) {
  const acc: ViewTimes[] = [];
  const idle: number[] = [];
  let peakMB = 0;
  for (let i = 0; i < runs; i++) {
    const {
      r,
      peakMB: p,
      idleMB,
    } = await inFreshTab(async (page) => {
      const v = {} as ViewTimes;
      let t = performance.now();
      await page.getByTestId('file-input').setInputFiles(file);
      await ready(page, 'overview');
      v.load = performance.now() - t;
      const done = () =>
        Object.entries(v)
          .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
          .join(', ');
      for (const [key, button, ids] of VIEWS) {
        t = performance.now();
        await page.getByRole('button', { name: button }).click();
        try {
          for (const id of ids) await ready(page, id);
        } catch (e) {
          // Say how far the run got (at 50M the tab loads and shows some views, then runs out of memory).
          throw new Error(`${String((e as Error).message ?? e)} (ready before it: ${done()})`, {
            cause: e,
          });
        }
        v[key] = performance.now() - t;
      }
      return v;
    });
    acc.push(r);
    idle.push(idleMB);
    peakMB = Math.max(peakMB, p);
  }
  return { views: medianViews(acc), peakMB, idleMB: median(idle) };
}

/** A path table chosen → attribution tables on screen (ms), median of `runs`. */
export async function tabPaths(file: string, runs: number): Promise<number> {
  const tabs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { r } = await inFreshTab(async (page) => {
      const t0 = performance.now();
      await page.getByTestId('file-input').setInputFiles(file);
      await ready(page, 'att-markov');
      return performance.now() - t0;
    });
    tabs.push(r);
  }
  return median(tabs);
}
