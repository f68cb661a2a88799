import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PROFILES } from '@/lib/cnc/profile';
import { QNA_BATCH_MS, QnaWatcher } from '@/lib/cnc/qna-watcher';
import type { Question } from '@/lib/model/qna/types';

const profile = PROFILES[0]!.qna!;
const row = (id: string, state = 'pending', votes = 0) =>
  `<li data-kep-question-id="${id}" data-kep-state="${state}"><span class="kep-sender">A</span><p class="kep-text">Q ${id}</p><span class="kep-upvote-count">${votes}</span></li>`;

describe('QnaWatcher', () => {
  let batches: Question[][];
  let watcher: QnaWatcher;

  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = '<ul id="list"></ul>';
    batches = [];
    watcher = new QnaWatcher({
      root: () => document,
      profile,
      send: (b) => void batches.push(b.questions),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      now: () => 0,
    });
  });

  it('announces an empty inbox once, so the panel can show it', () => {
    watcher.rescan();
    vi.advanceTimersByTime(QNA_BATCH_MS);
    expect(batches).toEqual([[]]);
    watcher.rescan();
    vi.advanceTimersByTime(QNA_BATCH_MS);
    expect(batches).toHaveLength(1);
  });

  it('batches a burst of new rows and re-reads only rows that changed', async () => {
    watcher.rescan();
    vi.advanceTimersByTime(QNA_BATCH_MS);
    const list = document.getElementById('list')!;
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((r) => records.push(...r));
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    list.innerHTML = Array.from({ length: 100 }, (_, i) => row(`q${i}`)).join('');
    await Promise.resolve();
    watcher.onMutations(records.splice(0));
    vi.advanceTimersByTime(QNA_BATCH_MS);
    expect(batches.at(-1)).toHaveLength(100);
    list.querySelector('[data-kep-question-id="q7"]')!.setAttribute('data-kep-state', 'approved');
    await Promise.resolve();
    watcher.onMutations(records.splice(0));
    vi.advanceTimersByTime(QNA_BATCH_MS);
    expect(batches.at(-1)?.map((q) => [q.id, q.state])).toEqual([['q7', 'approved']]);
    observer.disconnect();
  });
});
