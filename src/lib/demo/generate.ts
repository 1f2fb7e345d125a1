import { resolveOptions, type DemoOptions } from './options';
import { DemoWorld } from './people';

export { DEMO_BRANDS, DEMO_CHANNELS, DEMO_SOURCES } from './catalog';
export type { DemoOptions } from './options';

const HEADER = 'user_id,event_time,action,brand,category,channel,source,amount,order_id,duration_s';
const CHUNK_ROWS = 10_000;

/** Generates the demo event log as CSV text chunks (header first). Deterministic for the same options. */
export function* generateDemoCsv(opts: DemoOptions = {}): Generator<string> {
  const cfg = resolveOptions(opts);
  const world = new DemoWorld(cfg);
  yield HEADER + '\n';
  let remaining = cfg.events;
  let buf: string[] = [];
  for (let i = 0; remaining > 0; i++) {
    const lines = world.user(i);
    const take = Math.min(lines.length, remaining);
    for (let k = 0; k < take; k++) buf.push(lines[k]);
    remaining -= take;
    if (buf.length >= CHUNK_ROWS) {
      yield buf.join('\n') + '\n';
      buf = [];
    }
  }
  if (buf.length > 0) yield buf.join('\n') + '\n';
}

/** Convenience: whole CSV as one Uint8Array (UTF-8). */
export function generateDemoBytes(opts?: DemoOptions): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const chunk of generateDemoCsv(opts)) {
    const bytes = enc.encode(chunk);
    parts.push(bytes);
    size += bytes.length;
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
