// Standing suite, soak with faults (issue 10), long variant: 10 minutes (SOAK_SECONDS, or
// SANDBOX_SUSTAIN_SECONDS, shortens it) of audience traffic in a CnC session while the sandbox injects the
// faults of test/e2e/harness/soak.ts in turn (socket drops, API 5xx and slow replies, a service-worker stop,
// a reload of the event tab, duplicate and out-of-order frames, a 30 s network cut, the admin KS expiring,
// storage.session filled to its quota so writes fail).
//
// Figures:
// - soak.lost_items / soak.doubled_items: questions the background, panel or widget miss / hold twice (or
//   hold unknown to the server) once the audience stops; both must be 0.
// - soak.wrong_state_items: questions held in another state than the server's at the end.
// - soak.recovery_p50_ms / _p95_ms / _samples: from each fault's end until the background holds every
//   question the server had then, in the server's current state, and the panel's counts cover them.
// - soak.unrecovered_faults: faults after which that never happened within 60 s.
// - soak.admin_ks_recovery_ms / soak.storage_recovery_ms: the worst recovery of those two faults, from the
//   reconnect click / from the storage freed (-1 if none ran); soak.admin_expired_shown_pct and
//   soak.storage_warning_shown_pct: how often the panel said so (must be 100); soak.unhandled_rejections:
//   unhandled rejections and errors in the worker while writes failed (must be 0).
// - soak.questions / soak.faults / soak.seconds: what the run amounted to.
import { soakRun } from '../e2e/harness/soak';
import { percentile } from './stats';

const SECONDS = Number(process.env.SOAK_SECONDS ?? process.env.SANDBOX_SUSTAIN_SECONDS ?? 600);

const worst = (samples: { fault: string; ms: number }[], prefix: string) =>
  samples.filter((x) => x.fault.startsWith(prefix)).reduce((m, x) => Math.max(m, x.ms), -1);

export async function run(): Promise<Record<string, number>> {
  const r = await soakRun({ seconds: SECONDS, cutMs: 30_000, attendees: 1_000, rate: 10, log: (l) => console.error(l) });
  console.error(`[bench] soak: ${JSON.stringify({ ...r, recoveryMs: undefined })}`);
  const ms = r.recoveryMs.map((x) => x.ms);
  return {
    'soak.lost_items': r.lost,
    'soak.doubled_items': r.doubled,
    'soak.wrong_state_items': r.wrongState,
    'soak.recovery_p50_ms': ms.length ? percentile(ms, 50) : -1,
    'soak.recovery_p95_ms': ms.length ? percentile(ms, 95) : -1,
    'soak.recovery_samples': ms.length,
    'soak.unrecovered_faults': r.unrecovered.length,
    'soak.admin_ks_recovery_ms': worst(r.recoveryMs, 'admin KS'),
    'soak.storage_recovery_ms': worst(r.recoveryMs, 'storage'),
    'soak.admin_expired_shown_pct': r.adminExpiryFaults ? Math.round((100 * r.adminExpiredShown) / r.adminExpiryFaults) : -1,
    'soak.storage_warning_shown_pct': r.storageFaults ? Math.round((100 * r.storageWarningShown) / r.storageFaults) : -1,
    'soak.storage_writes_refused': r.storageWritesRefused,
    'soak.unhandled_rejections': r.unhandledDuringStorageFaults.length,
    'soak.questions': r.questions,
    'soak.faults': r.faults,
    'soak.seconds': r.seconds,
  };
}
