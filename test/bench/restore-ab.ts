// A/B of the cold restore between two extension builds, interleaved in one run (timings under load are only
// comparable within the same minutes): one browser per build on one sandbox session, restores taken in
// turns (A B, then B A, …), the same way session-restore.bench.ts takes them (test/bench/cold-restore.ts).
//   npx tsx test/bench/restore-ab.ts <buildA> <buildB> [pairs=6]
// Env: BENCH_BACKLOG (10,000), BENCH_INGEST (0: questions ingested at 100/s after the backlog), AB_HEAD
// (wait | drop | both: the saved head before each stop, see cold-restore.ts), AB_PHASES (the phases printed).
import { startSandbox } from '../../sandbox/server';
import { phaseLine, type SavedHead } from './cold-restore';
import { ingest, openRig, restoreOnce, seedBacklog, settled, type ColdRig } from './session-restore.bench';
import { percentile } from './stats';

const [buildA, buildB, pairsArg] = process.argv.slice(2);
if (!buildA || !buildB) throw new Error('usage: restore-ab.ts <buildA> <buildB> [pairs]');
const PAIRS = Number(pairsArg ?? 6);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 10_000);
const INGEST = Number(process.env.BENCH_INGEST ?? 0);
const HEADS: SavedHead[] = process.env.AB_HEAD === 'drop' ? ['drop'] : process.env.AB_HEAD === 'both' ? ['wait', 'drop'] : ['wait'];
const SHOWN = (process.env.AB_PHASES ?? 'worker_started,worker_main,background_created,tabs_restored,qna_read,qna_built,panel_script,panel_port_opened,panel_saved_read,panel_saved_applied,panel_connected,saved_head,head_posted,panel_head_applied,panel_count_shown,panel_rows_shown,queue_shown').split(',');

const sb = await startSandbox({ port: 0 });
const rigs: Array<[string, ColdRig]> = [];
try {
  seedBacklog(sb, BACKLOG);
  for (const [name, dir] of [['A', buildA], ['B', buildB]] as const) rigs.push([name, await openRig(sb, BACKLOG, dir)]);
  for (const [, rig] of rigs) await settled(rig, BACKLOG);
  const total = BACKLOG + INGEST;
  if (INGEST) {
    await ingest(sb, BACKLOG, INGEST);
    for (const [, rig] of rigs) await settled(rig, total);
  }
  for (const savedHead of HEADS) {
    const samples: Record<string, Array<Record<string, number>>> = { A: [], B: [] };
    for (let i = 0; i < PAIRS; i++) {
      const order = i % 2 ? [...rigs].reverse() : rigs;
      for (const [name, rig] of order) {
        const phases = await restoreOnce(rig, total, { savedHead });
        samples[name]!.push(phases);
        console.error(`[restore ab] ${savedHead} ${name} ${i}: ${phaseLine(phases)}`);
      }
    }
    const median = (name: string, phase: string) => {
      const values = samples[name]!.map((s) => s[phase]).filter((v): v is number => v !== undefined && Number.isFinite(v));
      return values.length ? percentile(values, 50) : NaN;
    };
    console.log(`saved head ${savedHead}, ${PAIRS} pairs (median ms after the stop)`);
    for (const phase of SHOWN) console.log(`  ${phase.padEnd(20)} A ${String(median('A', phase)).padStart(5)}   B ${String(median('B', phase)).padStart(5)}`);
    const diffs = samples.A!.map((a, i) => samples.B![i]!.queue_shown! - a.queue_shown!);
    console.log(`  queue_shown B − A per pair: ${diffs.join(', ')} (median ${percentile(diffs, 50)})`);
    // From the panel page's first script (an init script, before any of ours) to the queue: what the panel
    // and the worker's answer take, without the browser's time to make the page (most of the noise under load).
    const fromScript = (s: Record<string, number>) => s.queue_shown! - s.panel_script!;
    const scriptDiffs = samples.A!.map((a, i) => fromScript(samples.B![i]!) - fromScript(a)).filter(Number.isFinite);
    console.log(`  queue_shown − panel_script: A ${percentile(samples.A!.map(fromScript).filter(Number.isFinite), 50)}   B ${percentile(samples.B!.map(fromScript).filter(Number.isFinite), 50)}; B − A per pair: ${scriptDiffs.join(', ')} (median ${percentile(scriptDiffs, 50)})`);
  }
} finally {
  for (const [, rig] of rigs) await rig.h.close().catch(() => undefined);
  await sb.close();
}
process.exit(0);
