/**
 * Peak memory of a process tree, sampled from /proc: the sum of PSS (proportional set size, from
 * /proc/<pid>/smaps_rollup) over a root process and all its descendants. PSS splits shared pages
 * between the processes that map them, so the sum does not count Chromium's shared code once per
 * process (a sum of RSS would). Falls back to RSS where smaps_rollup is unreadable.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The pid and its descendants (walks /proc/<pid>/stat for parent pids). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${d}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may contain spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(d));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length) {
    const p = todo.pop() as number;
    out.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

/** PSS of one process in KB (RSS when PSS is unavailable; 0 when it has exited). */
function pssKB(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    /* fall through */
  }
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Sum of PSS of the tree under `root`, MB. */
export function treePssMB(root: number): number {
  return processTree(root).reduce((a, p) => a + pssKB(p), 0) / 1024;
}

/** Samples a process tree every `everyMs` until stop(), which returns the peak (MB). */
export function samplePeak(root: number, everyMs = 500): { stop: () => number } {
  let peak = treePssMB(root);
  const timer = setInterval(() => {
    peak = Math.max(peak, treePssMB(root));
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, treePssMB(root));
      return peak;
    },
  };
}
