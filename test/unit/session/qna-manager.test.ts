import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { QnaManager, type QnaManagerDeps } from '@/lib/session/qna/manager';
import { localStorage, sessionStorage } from '@/lib/platform/storage';
import type { QnaSurfacePort } from '@/lib/session/qna/qna-session';
import { question } from '../model/qna-fixtures';

const surface: QnaSurfacePort = {
  kind: 'cnc',
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
  perform: async () => undefined,
};

describe('QnaManager', () => {
  let deps: QnaManagerDeps;
  const make = () => new QnaManager(deps);

  beforeEach(() => {
    fakeBrowser.reset();
    deps = {
      session: sessionStorage,
      local: localStorage,
      now: () => 1000,
      newId: () => 'id',
      cncSurfaceFor: () => surface,
      webcastSurfaceFor: async () => null,
      meOf: async () => 'me',
      rescan: vi.fn(),
      onPatch: vi.fn(),
      onPending: vi.fn(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
    };
  });

  it('asks a tab to resend everything the first time a new worker hears from it', async () => {
    const first = make();
    await first.onBatch(3, '1_a', 'kep-2026', [question('a')]);
    await first.onBatch(3, '1_a', 'kep-2026', [question('b')]);
    expect(deps.rescan).toHaveBeenCalledTimes(1);
    await first.flushSaves();
    const restarted = make();
    await restarted.onBatch(3, '1_a', 'kep-2026', [question('c')]);
    expect(deps.rescan).toHaveBeenCalledTimes(2);
    expect((await restarted.snapshot(3))?.questions.map((q) => q.text)).toEqual(['a', 'b', 'c']);
  });

  it('a restore from storage by any path (a panel, a heartbeat) asks the tab to resend', async () => {
    const first = make();
    await first.onBatch(3, '1_a', 'kep-2026', [question('a')]);
    await first.flushSaves();
    vi.mocked(deps.rescan).mockClear();
    const restarted = make();
    await restarted.snapshot(3);
    expect(deps.rescan).toHaveBeenCalledWith(3, expect.objectContaining({ since: null }));
  });

  it('batches arriving together build one session and keep every question', async () => {
    const manager = make();
    await Promise.all(['a', 'b', 'c', 'd'].map((t) => manager.onBatch(5, '1_a', 'kep-2026', [question(t)])));
    expect((await manager.snapshot(5))?.questions.map((q) => q.text).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('takes the moderator\'s identity from the widget when it shows it', async () => {
    const manager = make();
    await manager.onBatch(3, '1_a', 'kep-2026', [], { live: true, unreadable: 0, me: 'moderator-7' });
    expect((await manager.snapshot(3))?.meta.me).toBe('moderator-7');
  });

  it('marks the session stale while the widget is offline, and says which rows it could not read', async () => {
    const manager = make();
    await manager.onBatch(3, '1_a', 'kep-2026', [], { live: false, unreadable: 0 });
    expect((await manager.snapshot(3))?.meta).toMatchObject({ staleSince: 1000, problem: expect.stringMatching(/lost its connection/) });
    await manager.onBatch(3, '1_a', 'kep-2026', [], { live: true, unreadable: 2 });
    expect((await manager.snapshot(3))?.meta).toMatchObject({ staleSince: null, problem: expect.stringMatching(/2 question\(s\)/) });
  });

  it('tells the notifier about pending questions when they change, not on every patch', async () => {
    const manager = make();
    const p = question('waiting', { state: 'pending' });
    await manager.onBatch(3, '1_a', 'kep-2026', [p]);
    expect(vi.mocked(deps.onPending).mock.calls.at(-1)?.[2]).toMatchObject({ added: [p.id], removed: [], count: 1 });
    const calls = vi.mocked(deps.onPending).mock.calls.length;
    await manager.onBatch(3, '1_a', 'kep-2026', [question('approved one'), question('another')]);
    await manager.local(3, { kind: 'star', questionId: p.id, starred: true });
    expect(vi.mocked(deps.onPending).mock.calls.length).toBe(calls);
    await manager.onBatch(3, '1_a', 'kep-2026', [{ ...p, state: 'approved', updatedAt: p.updatedAt + 1 }]);
    expect(vi.mocked(deps.onPending).mock.calls.at(-1)?.[2]).toMatchObject({ added: [], removed: [p.id], count: 0 });
  });
});
