// The panel's mirror of what the background holds for the followed tab: applies the background's
// messages to signals. The panel keeps no moderation state of its own beyond this mirror.
import { signal } from '@preact/signals';
import type { TabRecord } from '../model/context';
import { applyPatch, type QnaMeta } from '../model/qna/session';
import type { Question } from '../model/qna/types';
import type { AdminStatus } from '../session/admin-sessions';
import type { AnnouncementsView } from '../session/announcements/types';
import type { PollsView } from '../session/polls/types';
import type { NotifySettings } from '../notify/notify-policy';
import type { BackgroundToPanel } from './protocol';

export interface QnaMirror {
  meta: QnaMeta;
  questions: ReadonlyMap<string, Question>;
}

export function createPanelState() {
  const tabId = signal<number | null>(null);
  const record = signal<TabRecord | null>(null);
  const qna = signal<QnaMirror | null>(null);
  const admin = signal<AdminStatus | null>(null);
  const polls = signal<PollsView | null>(null);
  const announcements = signal<AnnouncementsView | null>(null);
  const notify = signal<NotifySettings | null>(null);

  function receive(message: BackgroundToPanel): void {
    switch (message.type) {
      case 'notify-settings':
        notify.value = message.settings;
        return;
      case 'admin':
        if (message.tabId === tabId.value) admin.value = message.status;
        return;
      case 'polls':
        if (message.tabId === tabId.value) polls.value = message.view;
        return;
      case 'announcements':
        if (message.tabId === tabId.value) announcements.value = message.view;
        return;
      case 'tab':
        if (message.tabId !== tabId.value) {
          qna.value = null;
          admin.value = null;
          polls.value = null;
          announcements.value = null;
        }
        tabId.value = message.tabId;
        record.value = message.record;
        return;
      case 'qna':
        if (message.tabId !== tabId.value) return;
        qna.value = message.snapshot
          ? { meta: message.snapshot.meta, questions: new Map(message.snapshot.questions.map((q) => [q.id, q])) }
          : null;
        return;
      case 'qna-patch': {
        if (message.tabId !== tabId.value) return;
        const current = qna.value;
        const { patch } = message;
        // A patch before any snapshot carries the whole meta (a session that just started).
        if (!current) {
          if (patch.meta && 'surface' in patch.meta) {
            qna.value = { meta: patch.meta as QnaMeta, questions: applyPatch(new Map(), patch) };
          }
          return;
        }
        qna.value = {
          meta: patch.meta ? { ...current.meta, ...patch.meta } : current.meta,
          questions: applyPatch(current.questions as Map<string, Question>, patch),
        };
        return;
      }
    }
  }

  return { tabId, record, qna, admin, notify, polls, announcements, receive };
}

export type PanelState = ReturnType<typeof createPanelState>;
