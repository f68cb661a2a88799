// Q&A on the legacy webcast surface (cue points + Kaltura-QnA metadata, KALTURA.md §3), in the production
// build in real Chromium against the sandbox: an attendee asks through the webcast Q&A under the player
// (another browser, no extension) until the moderator's panel counts the question. The background polls the
// webcast Q&A (lib/session/qna/manager.ts, WEBCAST_POLL_MS), so the figure is about one poll period plus the
// path; questions are asked one at a time at uneven spacing so they fall at every phase of the poll.
// Figures (ms): qna.webcast_ingest_p50_ms, qna.webcast_ingest_p95_ms, qna.webcast_ingest_samples.
// Chromium's default throttling, as a moderator's browser has it. Loopback only; bounded in count and time.
import type { Page } from 'playwright-core';
import { ChromiumHarness } from '../e2e/harness/chromium';
import { Attendees, QnaPanel, WEBCAST_ENTRY, startQnaSandbox } from '../e2e/harness/qna';
import { EVENT_HOST } from '../e2e/harness/sandbox';
import { percentile } from './stats';

const SAMPLES = Number(process.env.WEBCAST_BENCH_SAMPLES ?? 30);

export async function run(): Promise<Record<string, number>> {
  const sb = await startQnaSandbox();
  const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true });
  const people = await Attendees.launch(sb.port);
  try {
    // The moderator connects an ADMIN session with the partner's app token and starts webcast moderation.
    const page = await h.openTab(`https://${EVENT_HOST}/media/t/${WEBCAST_ENTRY}?as=moderator`);
    const panel = new QnaPanel(await h.openPanel(await h.tabIdOf(page)));
    await panel.tid('admin-token-id').waitFor({ timeout: 30_000 });
    await panel.tid('admin-token-id').fill(sb.info.appToken.id);
    await panel.tid('admin-token').fill(sb.info.appToken.token);
    await panel.tid('admin-connect').click();
    await panel.tid('webcast-start').waitFor({ timeout: 20_000 });
    await panel.tid('webcast-start').click();
    await panel.tid('view-qna').waitFor({ timeout: 20_000 });
    await panel.tid('view-qna').click();
    await panel.waitReady(20_000);
    // The panel notes when its count of questions changes (epoch ms, the same clock as this process).
    await panel.page.evaluate(`(() => {
      window.__arrivals = [];
      const read = () => ['pending', 'approved', 'answered', 'dismissed']
        .map((s) => Number(document.querySelector('[data-testid="qna-count-' + s + '"]')?.textContent ?? 0) || 0)
        .reduce((a, b) => a + b, 0);
      window.__total = read;
      new MutationObserver(() => window.__arrivals.push([read(), Date.now()]))
        .observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);

    const asker = await people.open('wc-bench', WEBCAST_ENTRY);
    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const before = (await panel.page.evaluate('window.__total()')) as number;
      await asker.page.fill('.kep-webcast-qna textarea', `Webcast bench question ${i}: is the replay captioned in language ${i % 7}?`);
      // Click in the page and note the time there: the figure is the product's latency, not the driver's.
      const askedAt = (await asker.page.evaluate(`(() => {
        const at = Date.now();
        document.querySelector('.kep-webcast-qna .kep-composer-send').click();
        return at;
      })()`)) as number;
      const seenAt = await waitCount(panel.page, before + 1, 15_000);
      latencies.push(seenAt - askedAt);
      // Pacing (uneven, so questions land at every phase of the poll), not a wait for a result.
      await new Promise((r) => setTimeout(r, 150 + ((i * 379) % 900)));
    }
    return {
      'qna.webcast_ingest_p50_ms': percentile(latencies, 50),
      'qna.webcast_ingest_p95_ms': percentile(latencies, 95),
      'qna.webcast_ingest_max_ms': Math.max(...latencies),
      'qna.webcast_ingest_samples': latencies.length,
    };
  } finally {
    await people.close();
    await h.close();
    await sb.close();
  }
}

/** When the panel's total first reached `count` (epoch ms). */
async function waitCount(panel: Page, count: number, timeout: number): Promise<number> {
  const end = Date.now() + timeout;
  for (;;) {
    const arrivals = (await panel.evaluate('window.__arrivals')) as Array<[number, number]>;
    const hit = arrivals.find(([c]) => c >= count);
    if (hit) return hit[1];
    if (Date.now() > end) throw new Error(`the panel never counted ${count} questions (last ${arrivals.at(-1)?.[0]})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
