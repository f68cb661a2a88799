// What the toolbar badge says about a tab. Pure policy; lib/platform draws it.
import type { TabState } from '../model/context';

export interface BadgeSpec {
  text: string;
  color: string;
  title: string;
}

const TITLE = 'CnC Moderator';

export function badgeFor(state: TabState | null): BadgeSpec {
  switch (state) {
    case 'attached':
      return { text: 'ON', color: '#1a7f37', title: `${TITLE}: attached to the CnC widget` };
    case 'kaltura-no-cnc':
      return { text: '•', color: '#6e7781', title: `${TITLE}: Kaltura page without CnC` };
    case 'needs-access':
      return { text: '?', color: '#9a6700', title: `${TITLE}: grant access to attach to this event` };
    default:
      return { text: '', color: '#6e7781', title: TITLE };
  }
}
