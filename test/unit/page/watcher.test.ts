import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BATCH_MS, PageWatcher } from '@/lib/page/watcher';
import type { PageSnapshot } from '@/lib/page/snapshot';
import { globals } from '../fixtures';

describe('PageWatcher', () => {
  let sent: PageSnapshot[];
  let requests: number;
  let watcher: PageWatcher;
  let url: string;

  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = '';
    sent = [];
    requests = 0;
    url = 'https://1234567.events.kaltura.com/media/t/1_sessiona1';
    watcher = new PageWatcher({
      doc: document,
      url: () => url,
      resources: () => [],
      requestGlobals: () => requests++,
      send: (s) => sent.push(s),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
    });
  });

  it('batches a burst of changes into one snapshot', () => {
    for (let i = 0; i < 500; i++) watcher.changed();
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent).toHaveLength(1);
    expect(requests).toBe(1);
  });

  it('asks the bridge again only when the page changes shape, not on every DOM change', () => {
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    document.body.innerHTML = '<p>chat message</p>';
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(requests).toBe(1);
    document.body.innerHTML = '<div id="kep-widget-1" data-kep-entry-id="1_sessionb2"></div>';
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(requests).toBe(2);
    url = 'https://1234567.events.kaltura.com/media/t/1_other';
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(requests).toBe(3);
  });

  it('sends nothing when nothing changed, and again when something did', () => {
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent).toHaveLength(1);
    document.body.innerHTML = '<div id="kep-widget-1"></div>';
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.dom.widgetPresent).toBe(true);
  });

  it('sends the new URL after an SPA navigation, and the globals when they arrive', () => {
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    url = 'https://1234567.events.kaltura.com/media/t/1_sessionb2';
    watcher.changed();
    vi.advanceTimersByTime(BATCH_MS);
    expect(sent.at(-1)?.url).toContain('1_sessionb2');
    watcher.onGlobals(globals());
    expect(sent.at(-1)?.globals?.players[0]?.entryId).toBe('1_sessiona1');
  });

  it('resends on request even if unchanged', () => {
    watcher.flush();
    watcher.resend();
    expect(sent).toHaveLength(2);
  });
});
