import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WidgetObserver } from '@/lib/content/widget-observer';
import { FeatureManager } from '@/lib/content/features';
import { widgetMountOf } from '@/lib/content/mount';
import { QnaAttachment } from '@/lib/cnc/qna-attach';
import { ChatAttachment } from '@/lib/cnc/chat-attach';
import { ReactionsFeature } from '@/lib/cnc/reactions-watcher';
import { domMarkers } from '@/lib/page/collect';
import { widgetRootOf } from '@/lib/page/watcher';
import type { PageSnapshot } from '@/lib/page/snapshot';

/** MutationObserver callbacks run in a microtask after the change. */
const delivered = () => new Promise<void>((r) => setTimeout(r, 0));

describe('WidgetObserver', () => {
  let life: AbortController;
  beforeEach(() => {
    life = new AbortController();
    document.body.innerHTML = '<div id="root"><ul><li id="a" class="x">one</li></ul></div>';
  });
  afterEach(() => life.abort());

  it('hands each subscriber the structure changes and only the attribute changes it named', async () => {
    const root = document.getElementById('root')!;
    const observer = new WidgetObserver(root, life.signal);
    const seen: Record<string, string[]> = { a: [], b: [] };
    const record = (name: string) => (records: readonly MutationRecord[]) => {
      for (const r of records) seen[name]!.push(r.type === 'attributes' ? `attr:${r.attributeName}` : r.type);
    };
    observer.subscribe({ attributes: ['data-a'], onRecords: record('a') });
    observer.subscribe({ attributes: ['data-b'], onRecords: record('b') });
    const li = document.getElementById('a')!;
    li.setAttribute('data-a', '1');
    li.setAttribute('data-b', '1');
    li.setAttribute('title', 'not watched');
    root.querySelector('ul')!.append(document.createElement('li'));
    await delivered();
    expect(seen.a).toEqual(['attr:data-a', 'childList']);
    expect(seen.b).toEqual(['attr:data-b', 'childList']);
  });

  it('stops delivering to a subscriber that unsubscribed, and to all once the mount ends', async () => {
    const root = document.getElementById('root')!;
    const observer = new WidgetObserver(root, life.signal);
    let a = 0;
    let b = 0;
    const stopA = observer.subscribe({ attributes: [], onRecords: () => void a++ });
    observer.subscribe({ attributes: [], onRecords: () => void b++ });
    root.append(document.createElement('p'));
    await delivered();
    expect([a, b]).toEqual([1, 1]);
    stopA();
    root.append(document.createElement('p'));
    await delivered();
    expect([a, b]).toEqual([1, 2]);
    life.abort();
    root.append(document.createElement('p'));
    await delivered();
    expect([a, b]).toEqual([1, 2]);
  });

  it('is the one observer of a mounted widget: chat, Q&A and reactions share it', async () => {
    document.body.innerHTML = `<div id="kep-widget-1" class="kep-widget kep-moderator" data-kep-entry-id="1_sessiona1" data-kep-connection="live">
      <section class="kep-qna"><ul><li data-kep-question-id="q1" data-kep-state="pending"><span class="kep-sender">A</span><p class="kep-text">Q</p></li></ul></section>
      <section class="kep-chat"><ol class="kep-chat-list"></ol></section>
      <div class="kep-reactions"></div></div>`;
    const dom = domMarkers(document);
    const snapshot: PageSnapshot = { url: 'https://1234567.events.kaltura.com/media/t/1_sessiona1', title: '', dom, globals: null, kalturaResources: [] };
    const mount = widgetMountOf(snapshot, widgetRootOf(document, dom.profileId));
    expect(mount).not.toBeNull();
    const created = vi.fn();
    const Native = globalThis.MutationObserver;
    // Counts the observers made while the features start, and what they observe.
    globalThis.MutationObserver = class extends Native {
      override observe(target: Node, options?: MutationObserverInit) {
        created(this, target);
        super.observe(target, options);
      }
    };
    try {
      const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as number), now: Date.now };
      const manager = new FeatureManager(
        [
          new QnaAttachment({ send: () => undefined, ...timers }),
          new ChatAttachment({ send: () => undefined, ...timers }),
          new ReactionsFeature({ send: () => Promise.resolve(true), ...timers }),
        ],
        life.signal,
      );
      manager.mount(mount);
      // One observer, on the root: a widget change costs the page one record and one callback, not three.
      expect(new Set(created.mock.calls.map(([observer]) => observer)).size).toBe(1);
      expect(new Set(created.mock.calls.map(([, target]) => target))).toEqual(new Set([mount!.root]));
    } finally {
      globalThis.MutationObserver = Native;
    }
  });
});
