// The content script's Q&A feature on a moderator's CnC widget: report the rows, perform actions.
// Started by the feature manager (lib/content/features.ts) with the widget root and a signal: it reads and
// acts only inside that root, and stops (observer, pending flush) when the signal aborts.
import type { QnaBatch } from '../contracts/qna-batch';
import type { FeatureContext } from '../content/features';
import type { QnaAction } from '../model/qna/commands';
import type { Question } from '../model/qna/types';
import { observedAttributes, profileById } from './profile';
import { performAction } from './qna-actor';
import type { QnaProfile } from './qna-profile';
import { QnaWatcher } from './qna-watcher';


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
}

export class QnaAttachment {
  readonly name = 'qna';
  private attached: Attached | null = null;

  constructor(private readonly deps: QnaAttachDeps) {}

  /** A moderator widget was mounted: watch its rows until the signal aborts. */
  start(ctx: FeatureContext): void {
    const profile = ctx.moderator ? profileById(ctx.profileId)?.qna : undefined;
    if (!profile) return;
    const { entryId, profileId, root, signal } = ctx;
    const watcher = new QnaWatcher({
      root,
      profile,
      send: (batch) => this.deps.send({ entryId, profileId, ...batch }),
      setTimeout: this.deps.setTimeout,
      clearTimeout: this.deps.clearTimeout,
      now: this.deps.now,
      signal,
    });
    const attached: Attached = { watcher, profile, profileId, root };
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

  rescan(): void {
    this.attached?.watcher.rescan(true);
  }

  /** Throws with a message naming what is missing when the widget cannot do it. */
  perform(action: QnaAction): void {
    if (!this.attached) throw new Error('This page shows no CnC moderator view to act in.');
    performAction(this.attached.root, action, this.attached.profile, this.attached.profileId);
  }
}
