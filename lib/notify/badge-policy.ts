// What the toolbar badge says about a tab. Pure policy; lib/platform draws it.
import type { TabState } from '../model/context';
import { clockTime } from '../model/qna/view';

export interface BadgeSpec {
  text: string;
  color: string;
  title: string;
}

/** Questions waiting for this moderator on the tab. */
export interface Waiting {
  count: number;
  /** Epoch ms of the oldest waiting item. */
  oldestAt: number | null;
}

export const DEFAULT_URGENT_AFTER_MS = 2 * 60_000;
const TITLE = 'CnC Moderator';
const GREEN = '#1a7f37';
const BLUE = '#0969da';
const RED = '#cf222e';
const GREY = '#6e7781';

export function badgeFor(
  state: TabState | null,
  waiting: Waiting = { count: 0, oldestAt: null },
  now = 0,
  urgentAfterMs = DEFAULT_URGENT_AFTER_MS,
  /** Epoch ms since which the widget has been offline (what the panel shows may be out of date). */
  offlineSince: number | null = null,
): BadgeSpec {
  switch (state) {
    case 'attached': {
      if (offlineSince !== null) {
        // Not "ON" in green while Kaltura is gone: grey, and the title says since when.
        const waitingText = waiting.count ? `; ${waiting.count} were waiting` : '';
        return { text: 'OFF', color: GREY, title: `${TITLE}: the CnC widget is offline since ${clockTime(offlineSince)}${waitingText}` };
      }
      if (!waiting.count) return { text: 'ON', color: GREEN, title: `${TITLE}: attached to the CnC widget` };
      const urgent = waiting.oldestAt !== null && now - waiting.oldestAt > urgentAfterMs;
      const minutes = waiting.oldestAt === null ? 0 : Math.floor((now - waiting.oldestAt) / 60_000);
      const age = waiting.oldestAt === null ? '' : minutes > 0 ? `, the oldest for ${minutes} min` : ', the oldest for under a minute';
      return {
        text: countText(waiting.count),
        color: urgent ? RED : BLUE,
        title: `${TITLE}: ${waiting.count} waiting${age}`,
      };
    }
    case 'kaltura-no-cnc':
      return { text: '•', color: GREY, title: `${TITLE}: Kaltura page without CnC` };
    case 'needs-access':
      return { text: '?', color: '#9a6700', title: `${TITLE}: grant access to attach to this event` };
    default:
      return { text: '', color: GREY, title: TITLE };
  }
}

/**
 * The real count in the four characters a badge shows: 742, 1.2k, 12k. A stuck "99+" told a moderator
 * nothing about whether the queue was 100 or 3,000 long.
 */
export function countText(count: number): string {
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(Math.floor(count / 100) / 10).toString()}k`;
  if (count < 1_000_000) return `${Math.floor(count / 1000)}k`;
  return '1M+';
}
