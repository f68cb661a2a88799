// The content script's Q&A feature on a moderator's CnC widget: report the rows, perform actions.
// Started by the feature manager (lib/content/features.ts) with the widget root and a signal: it reads and
// acts only inside that root, and stops (observer, pending flush) when the signal aborts.
import type { QnaBatch, QnaReportCursor } from '../contracts/qna-batch';
import type { FeatureContext } from '../content/features';
import type { QnaAction } from '../model/qna/commands';
import type { Question } from '../model/qna/types';
import { chatProfileOf } from './chat-profile';
import { observedAttributes, profileFor } from './profile';
import { performAction } from './qna-actor';
import type { QnaProfile } from './qna-profile';
import { QnaWatcher, type QnaWatcherDeps } from './qna-watcher';


export interface QnaAttachDeps {
  send(batch: QnaBatch): Promise<boolean> | void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

interface Attached {
  watcher: QnaWatcher;
  profile: QnaProfile;
  profileId: string;
  root: Element;
  deps: QnaWatcherDeps;
}

export class QnaAttachment {
  readonly name = 'qna';
  private attached: Attached | null = null;

  constructor(private readonly deps: QnaAttachDeps) {}

  /** A moderator widget was mounted: watch its rows until the signal aborts. */
  start(ctx: FeatureContext): void {
    const origin = ctx.root.ownerDocument?.location?.origin;
    const profile = ctx.moderator ? profileFor(ctx.profileId, origin)?.qna : undefined;
    if (!profile) return;
    const { entryId, profileId, root, signal } = ctx;
    const deps: QnaWatcherDeps = {
      root,
      profile,
      send: (batch) => this.deps.send({ entryId, profileId, ...batch }),
      setTimeout: this.deps.setTimeout,
      clearTimeout: this.deps.clearTimeout,
      now: this.deps.now,
      signal,
      observeWidget: ctx.observe,
      // The chat's rows share the widget: the Q&A watcher need not look inside them (qna-watcher.ts).
      foreignRows: chatProfileOf(profileId)?.item,
    };
    const watcher = new QnaWatcher(deps);
    const attached: Attached = { watcher, profile, profileId, root, deps };
    this.attached = attached;
    signal.addEventListener(
      'abort',
      () => {
        if (this.attached === attached) this.attached = null;
      },
      { once: true },
    );
    watcher.observe(observedAttributes());
    watcher.rescan();
  }

  /**
   * The background lost its copy. With `since` (our cursor, what it restored) only later rows go again;
   * else everything: on a virtualised widget the watcher then scrolls for the rows not in view too.
   */
  rescan(request?: { since?: QnaReportCursor | null; token?: string }): void {
    const asked = request?.token !== undefined ? { since: request.since ?? null, token: request.token } : undefined;
    this.attached?.watcher.rescan(true, asked);
  }

  /** Rejects with a message naming what is missing when the widget cannot do it. */
  async perform(action: QnaAction): Promise<void> {
    const attached = this.attached;
    if (!attached) throw new Error('This page shows no CnC moderator view to act in.');
    await performAction(attached.root, action, attached.profile, attached.profileId, {
      identity: attached.watcher.identity,
      deps: { setTimeout: this.deps.setTimeout, now: this.deps.now },
    });
  }
}
