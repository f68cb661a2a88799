// Teach mode (issue 13): the clicks a scripted teach session needs to produce a working profile for the
// sandbox's second widget from nothing (the widget under a tag no bundled profile matches), in the
// production build in real Chromium. Every click the moderator makes counts: panel buttons and clicks on the
// event page. The session is the one test/e2e/teach.e2e.ts checks works (approve, dismiss, both answers,
// answer live, and the optional restore, claim and release with the "handled by" that tells a claim is
// yours: these added 15 clicks, from 51 to 66).
//
// Figure:
// - cnc.teach_to_working_profile_steps: clicks from the panel's page view to the saved profile (a number to
//   keep small).
import { ChromiumHarness } from '../e2e/harness/chromium';
import { uniqueTag } from '../e2e/harness/qna';
import { startUntaughtSandbox, teachTheWidget } from '../e2e/harness/teach';

export async function run(): Promise<Record<string, number>> {
  const sb = await startUntaughtSandbox();
  const h = await ChromiumHarness.launch({ sandboxPort: sb.port });
  try {
    const { clicks } = await teachTheWidget(h, sb, uniqueTag('B'));
    return { 'cnc.teach_to_working_profile_steps': clicks };
  } finally {
    await h.close();
    await sb.close();
  }
}
