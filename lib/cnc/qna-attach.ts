// The content script's Q&A duty on a moderator's CnC widget: report the rows, perform actions.
// It follows what the page watcher sees: a moderator view appears, changes session (SPA) or goes away.
import type { QnaAction } from '../model/qna/commands';
import type { Question } from '../model/qna/types';
import type { DomMarkers } from '../page/snapshot';
import { profileById } from './profile';
import { performAction } from './qna-actor';
import type { QnaProfile } from './qna-profile';
import { QnaWatcher } from './qna-watcher';

/** What the content script reports of the widget's Q&A: the rows that changed, and the widget's health. */
export interface QnaBatch {
  entryId: string;
  profileId: string;
  questions: Question[];
  /** Rows the profile could not read. */
  unreadable: number;
  /** The widget says it is connected to CnC. */
  live: boolean;
  /** The moderator as the widget knows them, when it shows it. */
  me: string | null;
}

export interface QnaAttachDeps {
  doc: Document;
  send(batch: QnaBatch): Promise<boolean> | void;
  setTimeout(fn: () => void, ms: number): unknown;
  now(): number;
}

interface Attached {
  watcher: QnaWatcher;
  profile: QnaProfile;
  profileId: string;
  entryId: string;
}

export class QnaAttachment {
  private attached: Attached | null = null;

  constructor(private readonly deps: QnaAttachDeps) {}

  /** After each page look: start, switch or stop watching. */
  sync(dom: DomMarkers, entryId: string | null): void {
    const profile = dom.widgetPresent && dom.moderatorMarkup ? profileById(dom.profileId)?.qna : undefined;
    if (!profile || !entryId) {
      this.attached = null;
      return;
    }
    if (this.attached && this.attached.entryId === entryId && this.attached.profileId === dom.profileId) return;
    const watcher = new QnaWatcher({
      root: () => this.deps.doc,
      profile,
      send: (batch) => this.deps.send({ entryId, profileId: dom.profileId, ...batch }),
      setTimeout: this.deps.setTimeout,
      now: this.deps.now,
    });
    this.attached = { watcher, profile, profileId: dom.profileId, entryId };
    watcher.rescan();
  }

  onMutations(records: readonly MutationRecord[]): void {
    this.attached?.watcher.onMutations(records);
  }

  rescan(): void {
    this.attached?.watcher.rescan(true);
  }

  /** Throws with a message naming what is missing when the widget cannot do it. */
  perform(action: QnaAction): void {
    if (!this.attached) throw new Error('This page shows no CnC moderator view to act in.');
    performAction(this.deps.doc, action, this.attached.profile, this.attached.profileId);
  }
}
