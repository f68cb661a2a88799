// Teach mode in the page: "the widget has none" answers are kept by the page's teach feature with the rest
// of the draft, so a teach view opened again (or another panel) gets them back; "Start again" clears them.
import { describe, expect, it } from 'vitest';
import { TeachFeature } from '@/lib/content/teach';
import type { TeachReply } from '@/lib/contracts/teach';

const feature = () =>
  new TeachFeature({ doc: document, url: () => 'https://events.acme.test/media/t/1_abcd1234', now: () => 0, signal: new AbortController().signal });
const none = async (r: Promise<TeachReply> | undefined) => ((await r) as Extract<TeachReply, { ok: true }>).view.none;

describe('teach feature: "the widget has none"', () => {
  it('keeps the answers for the next view, takes one back, and "Start again" clears them', async () => {
    const teach = feature();
    await teach.onMessage({ type: 'teach-none', action: 'claim', none: true });
    await teach.onMessage({ type: 'teach-none', action: 'restore', none: true });
    // A view opened later (the panel closed and opened again) asks with teach-view only.
    expect(await none(teach.onMessage({ type: 'teach-view' }))).toEqual(['claim', 'restore']);
    expect(await none(teach.onMessage({ type: 'teach-none', action: 'restore', none: false }))).toEqual(['claim']);
    // Only the optional actions have such an answer.
    expect(await none(teach.onMessage({ type: 'teach-none', action: 'approve' as never, none: true }))).toEqual(['claim']);
    expect(await none(teach.onMessage({ type: 'teach-reset' }))).toEqual([]);
  });
});
