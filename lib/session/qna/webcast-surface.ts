// The legacy webcast Q&A (cue points, KALTURA.md §3) as a Q&A surface: polled by updatedAt, acted on
// through the Kaltura-QnA metadata and reply annotations, with the moderator's ADMIN session.
import type { QnaAction } from '../../model/qna/commands';
import type { Question } from '../../model/qna/types';
import { KalturaApiError } from '../../kaltura/api';
import { WEBCAST_QNA_CAPABILITIES } from '../../kaltura/qna/capabilities';
import type { WebcastQnaClient } from '../../kaltura/qna/client';
import { emptyThreads, type ThreadState } from '../../kaltura/qna/threads';
import type { QnaSurfacePort } from './qna-session';

export class WebcastSurface implements QnaSurfacePort {
  readonly kind = 'webcast' as const;
  readonly capabilities = WEBCAST_QNA_CAPABILITIES;
  private threads: ThreadState = emptyThreads();
  private cursor: number | null = null;
  private polling: Promise<Question[]> | null = null;

  constructor(
    private readonly client: WebcastQnaClient,
    private readonly entryId: string,
    private readonly me: string,
    private readonly hooks: {
      /** Kaltura refused the ADMIN session (expired or revoked): the moderator must connect again. */
      onAdminRefused?(): void;
      /** Before each poll: pick up the session the moderator connected since (after one expired). */
      refreshSession?(): Promise<void>;
    } = {},
  ) {}

  /** Reads what changed since the last poll. One poll at a time; a second caller shares the first. */
  poll(): Promise<Question[]> {
    this.polling ??= (async () => {
      try {
        await this.hooks.refreshSession?.();
        const result = await this.client.sync(this.entryId, this.cursor, this.threads);
        this.threads = result.threads;
        this.cursor = result.cursor;
        return result.changed.map((id) => result.threads.questions.get(id)).filter((q): q is Question => !!q);
      } catch (error) {
        throw this.explain(error);
      } finally {
        this.polling = null;
      }
    })();
    return this.polling;
  }

  /** Every action may be performed again: answers and live marks carry the command id and are skipped if posted. */
  retrySafe(): boolean {
    return true;
  }

  /** Everything read so far (to restore a session after the worker restarted). */
  all(): Question[] {
    return [...this.threads.questions.values()];
  }

  async perform(action: QnaAction, commandId: string): Promise<void> {
    try {
      await this.performOnce(action, commandId);
    } catch (error) {
      throw this.explain(error);
    }
  }

  /**
   * What the moderator is told. INVALID_KS is Kaltura refusing the ADMIN session (ERR_DESC "EXPIRED" when it
   * ran out): say so and how to recover, never Kaltura's message, which quotes the KS, a secret.
   */
  private explain(error: unknown): unknown {
    if (!(error instanceof KalturaApiError) || error.code !== 'INVALID_KS') return error;
    this.hooks.onAdminRefused?.();
    return new Error(
      error.args.ERR_DESC === 'EXPIRED'
        ? 'The admin session expired: connect again in “This page”.'
        : 'Kaltura no longer accepts the admin session: connect again in “This page”.',
    );
  }

  private async performOnce(action: QnaAction, commandId: string): Promise<void> {
    if (action.kind === 'merge' || action.kind === 'approve') throw new Error(this.capabilities.absent.approve);
    const root = this.threads.annotations.get(action.questionId);
    if (!root) throw new Error('This question is not in the Q&A read so far; wait for the next refresh.');
    switch (action.kind) {
      case 'dismiss':
        await this.client.setState(root, 'Deleted');
        return;
      case 'restore':
        await this.client.setState(root, 'Pending');
        return;
      case 'claim':
        await this.client.claim(root, this.me);
        return;
      case 'release':
        await this.client.claim(root, null);
        return;
      case 'answer':
        // A retry must not post twice: the command id rides in the reply's systemName.
        if (this.posted(commandId)) return;
        await this.client.reply({ entryId: this.entryId, root, text: action.text, visibility: action.visibility, commandId });
        return;
      case 'answered-live':
        if (this.posted(commandId)) return;
        await this.client.markAnsweredLive({ entryId: this.entryId, root, commandId });
        return;
    }
  }

  private posted(commandId: string): boolean {
    for (const a of this.threads.annotations.values()) if (a.systemName === commandId) return true;
    return false;
  }
}
