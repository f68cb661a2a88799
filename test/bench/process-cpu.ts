// CPU of every process (and the threads that matter) of one Chromium, from Linux's /proc: where the time
// the extension adds to a page's tasks comes from. The DevTools protocol's SystemInfo.getProcessInfo gives a
// process's CPU but no way to tell which renderer holds which page, and nothing per thread (the panel and the
// extension's service worker share one renderer); /proc gives both, and each thread's time waiting on a run
// queue (schedstat): the wall time a task spent wanting a core another process held.
import { readdirSync, readFileSync } from 'node:fs';

/** One thread's totals so far: on a CPU and waiting on a run queue (ns, schedstat), and its name. */
interface ThreadStat {
  tid: number;
  comm: string;
  runNs: number;
  waitNs: number;
}

interface ProcStat {
  pid: number;
  ppid: number;
  argv: string[];
}

/** Where a process or thread's time goes in the figures. */
export type Bucket =
  | 'page_main' // the event page's renderer, main thread (what TaskDuration measures)
  | 'page_other' // the event page's renderer, its other threads (compositor, raster, IO)
  | 'panel_main' // the extension's renderer, main thread: the side panel
  | 'ext_worker' // the extension's renderer, the service worker's thread
  | 'ext_other' // the extension's renderer, its other threads
  | 'browser_main'
  | 'browser_io'
  | 'browser_other'
  | 'gpu'
  | 'network'
  | 'storage'
  | 'other_renderers' // about:blank, a WebUI renderer, any other
  | 'other'; // zygotes, other utilities

export const BUCKETS: readonly Bucket[] = ['page_main', 'page_other', 'panel_main', 'ext_worker', 'ext_other', 'browser_main', 'browser_io', 'browser_other', 'gpu', 'network', 'storage', 'other_renderers', 'other'];

function readProc(pid: number): ProcStat | null {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
    // Chromium rewrites its children's command lines as one space-separated string (its process title).
    return { pid, ppid, argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/) };
  } catch {
    return null; // gone between the listing and the read
  }
}

function allProcs(): ProcStat[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readProc(Number(d)))
    .filter((p): p is ProcStat => p !== null);
}

function threads(pid: number): ThreadStat[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: ThreadStat[] = [];
  for (const t of tids) {
    try {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ').map(Number);
      out.push({ tid: Number(t), comm: readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim(), runNs: run!, waitNs: wait! });
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** The Chromium browser processes this Node process started (direct children without a --type). */
export function browserPids(): number[] {
  return allProcs()
    .filter((p) => p.ppid === process.pid && /chrom/.test(p.argv[0] ?? '') && !p.argv.some((a) => a.startsWith('--type=')))
    .map((p) => p.pid);
}

function descendants(root: number, procs: ProcStat[]): ProcStat[] {
  const kids = procs.filter((p) => p.ppid === root);
  return kids.flatMap((k) => [k, ...descendants(k.pid, procs)]);
}

function bucketOf(p: ProcStat, browserPid: number, t: ThreadStat): Bucket | 'renderer_main' | 'renderer_other' {
  const type = p.argv.find((a) => a.startsWith('--type='))?.slice(7);
  if (p.pid === browserPid) return t.tid === p.pid ? 'browser_main' : t.comm === 'Chrome_IOThread' ? 'browser_io' : 'browser_other';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility') {
    const sub = p.argv.find((a) => a.startsWith('--utility-sub-type='));
    return sub?.includes('NetworkService') ? 'network' : sub?.includes('StorageService') ? 'storage' : 'other';
  }
  if (type === 'renderer') {
    if (p.argv.includes('--extension-process')) return t.tid === p.pid ? 'panel_main' : t.comm.startsWith('ServiceWorker') ? 'ext_worker' : 'ext_other';
    // Which renderer holds the event page is told at the window's end (see delta).
    return t.tid === p.pid ? 'renderer_main' : 'renderer_other';
  }
  return 'other';
}

interface ThreadTotals {
  pid: number;
  comm: string;
  bucket: Bucket | 'renderer_main' | 'renderer_other';
  runNs: number;
  waitNs: number;
}

export interface CpuSnapshot {
  /** Per thread (pid:tid): its process, bucket and totals. */
  threads: Map<string, ThreadTotals>;
  /** This Node process (the bench and the sandbox, which serves both sides): user + system µs. */
  nodeUs: number;
}

/** Every thread of the browser `browserPid` and its children. */
export function snapshot(browserPid: number): CpuSnapshot {
  const procs = allProcs();
  const out = new Map<string, ThreadTotals>();
  const root = procs.find((p) => p.pid === browserPid);
  for (const p of root ? [root, ...descendants(browserPid, procs)] : []) {
    for (const t of threads(p.pid)) out.set(`${p.pid}:${t.tid}`, { pid: p.pid, comm: t.comm, bucket: bucketOf(p, browserPid, t), runNs: t.runNs, waitNs: t.waitNs });
  }
  const u = process.cpuUsage();
  return { threads: out, nodeUs: u.user + u.system };
}

export type CpuDelta = Record<Bucket, { cpuMs: number; waitMs: number }> & {
  node: { cpuMs: number };
  /** The page's main-thread CPU as the DevTools protocol counted it (ThreadTime), beside page_main's. */
  pageThreadMs: number;
  /** The event page's and the extension's renderers' other threads by name (Compositor, ThreadPoolForeg…, Chrome_ChildIOT…): CPU ms. */
  otherByThread: { page_other: Record<string, number>; ext_other: Record<string, number> };
};

/**
 * CPU and run-queue wait (ms) per bucket between two snapshots. The event page's renderer is the one whose
 * main thread's CPU over the window is nearest `pageThreadMs` (the page's ThreadTime from the DevTools
 * protocol over the same window): a page's renderer cannot be told from /proc alone, nor its pid from the
 * protocol. A thread that started within the window counts from zero; one that ended in it is lost.
 */
export function delta(a: CpuSnapshot, b: CpuSnapshot, pageThreadMs: number): CpuDelta {
  const d = Object.fromEntries(BUCKETS.map((k) => [k, { cpuMs: 0, waitMs: 0 }])) as Record<Bucket, { cpuMs: number; waitMs: number }>;
  const diffs = [...b.threads].map(([key, t]) => {
    const before = a.threads.get(key);
    return { ...t, cpuMs: (t.runNs - (before?.runNs ?? 0)) / 1e6, waitMs: (t.waitNs - (before?.waitNs ?? 0)) / 1e6 };
  });
  let pagePid: number | undefined;
  let nearest = Infinity;
  for (const t of diffs) {
    if (t.bucket === 'renderer_main' && Math.abs(t.cpuMs - pageThreadMs) < nearest) [pagePid, nearest] = [t.pid, Math.abs(t.cpuMs - pageThreadMs)];
  }
  const otherByThread: CpuDelta['otherByThread'] = { page_other: {}, ext_other: {} };
  for (const t of diffs) {
    const bucket = t.bucket === 'renderer_main' ? (t.pid === pagePid ? 'page_main' : 'other_renderers') : t.bucket === 'renderer_other' ? (t.pid === pagePid ? 'page_other' : 'other_renderers') : t.bucket;
    d[bucket].cpuMs += t.cpuMs;
    d[bucket].waitMs += t.waitMs;
    // Pool threads are numbered (ThreadPoolForeg, ThreadPoolSingl…): one name per kind.
    if (bucket === 'page_other' || bucket === 'ext_other') {
      const name = t.comm.replace(/\d+$/, '');
      otherByThread[bucket][name] = (otherByThread[bucket][name] ?? 0) + t.cpuMs;
    }
  }
  return { ...d, node: { cpuMs: (b.nodeUs - a.nodeUs) / 1000 }, pageThreadMs, otherByThread };
}
