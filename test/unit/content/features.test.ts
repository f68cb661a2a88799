import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FeatureManager, type FeatureContext } from '@/lib/content/features';
import { widgetMountOf } from '@/lib/content/mount';
import { QnaAttachment } from '@/lib/cnc/qna-attach';
import type { QnaBatch } from '@/lib/contracts/qna-batch';
import { QNA_MAX_WAIT_MS } from '@/lib/cnc/qna-watcher';
import { domMarkers } from '@/lib/page/collect';
import { widgetRootOf } from '@/lib/page/watcher';
import type { PageSnapshot } from '@/lib/page/snapshot';

const widget = (entryId: string, rows: string[] = []) =>
  `<div id="kep-widget-1" class="kep-widget kep-moderator" data-kep-entry-id="${entryId}" data-kep-connection="live"><ul>${rows
    .map((id) => `<li data-kep-question-id="${id}" data-kep-state="pending"><span class="kep-sender">A</span><p class="kep-text">Q ${id}</p></li>`)
    .join('')}</ul></div>`;

/** One page look, as the page watcher makes it. */
function look(url = 'https://1234567.events.kaltura.com/media/t/1_sessiona1') {
  const dom = domMarkers(document);
  const snapshot: PageSnapshot = { url, title: '', dom, globals: null, kalturaResources: [] };
  return widgetMountOf(snapshot, dom.widgetPresent ? widgetRootOf(document, dom.profileId) : null);
}

const delivered = () => Promise.resolve().then(() => Promise.resolve());

describe('FeatureManager', () => {
  let life: AbortController;
  let started: FeatureContext[];
  let manager: FeatureManager;

  beforeEach(() => {
    vi.useFakeTimers();
    life = new AbortController();
    started = [];
    manager = new FeatureManager([{ name: 'probe', start: (ctx) => void started.push(ctx) }], life.signal);
  });
  afterEach(() => {
    life.abort();
    vi.useRealTimers();
  });

  it('starts features once per widget and keeps them running while it stays', () => {
    document.body.innerHTML = widget('1_sessiona1');
    manager.mount(look());
    manager.mount(look());
    expect(started).toHaveLength(1);
    expect(started[0]?.root).toBe(document.getElementById('kep-widget-1'));
    expect(started[0]?.signal.aborted).toBe(false);
  });

  it('aborts and restarts when the widget root is replaced (a re-render)', () => {
    document.body.innerHTML = widget('1_sessiona1');
    manager.mount(look());
    document.body.innerHTML = widget('1_sessiona1');
    manager.mount(look());
    expect(started).toHaveLength(2);
    expect(started[0]?.signal.aborted).toBe(true);
    expect(started[1]?.root).toBe(document.getElementById('kep-widget-1'));
  });

  it('aborts on SPA navigation to another session, and when the widget goes', () => {
    document.body.innerHTML = widget('1_sessiona1');
    manager.mount(look());
    document.getElementById('kep-widget-1')!.setAttribute('data-kep-entry-id', '1_sessionb2');
    manager.mount(look('https://1234567.events.kaltura.com/media/t/1_sessionb2'));
    expect(started.map((c) => [c.entryId, c.signal.aborted])).toEqual([
      ['1_sessiona1', true],
      ['1_sessionb2', false],
    ]);
    document.body.innerHTML = '';
    manager.mount(look());
    expect(started[1]?.signal.aborted).toBe(true);
    expect(manager.current).toBeNull();
  });

  it('aborts everything when the extension context goes, and mounts nothing after', () => {
    document.body.innerHTML = widget('1_sessiona1');
    manager.mount(look());
    life.abort();
    expect(started[0]?.signal.aborted).toBe(true);
    document.body.innerHTML = widget('1_sessionb2');
    manager.mount(look());
    expect(started).toHaveLength(1);
  });

  it('after an SPA switch, the old Q&A watcher sends nothing more, and the new one reads only its own rows', async () => {
    const batches: QnaBatch[] = [];
    let release: (() => void) | null = null;
    const qna = new QnaAttachment({
      // The first send stays in flight, so the old watcher has a flush pending when the switch comes.
      send: (b) => {
        batches.push(b);
        if (batches.length > 1) return;
        return new Promise<boolean>((resolve) => (release = () => resolve(true)));
      },
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
    });
    const m = new FeatureManager([qna], life.signal);
    document.body.innerHTML = widget('1_sessiona1', ['a1']);
    m.mount(look());
    expect(batches.map((b) => [b.entryId, b.questions.map((q) => q.id)])).toEqual([['1_sessiona1', ['a1']]]);
    document.querySelector('ul')!.insertAdjacentHTML('beforeend', '<li data-kep-question-id="a2" data-kep-state="pending"><p class="kep-text">x</p></li>');
    await delivered();
    // The SPA switch: a new widget for session B, with its own rows.
    document.body.innerHTML = widget('1_sessionb2', ['b1']);
    m.mount(look('https://1234567.events.kaltura.com/media/t/1_sessionb2'));
    release!();
    await delivered();
    vi.advanceTimersByTime(QNA_MAX_WAIT_MS * 4);
    await delivered();
    expect(batches.map((b) => [b.entryId, b.questions.map((q) => q.id)])).toEqual([
      ['1_sessiona1', ['a1']],
      ['1_sessionb2', ['b1']],
    ]);
  });
});
