// The background entrypoint: the real browser as deps, handed to the composition root
// (lib/background/create.ts), which registers every listener synchronously, while this runs, so that a
// restarted service worker (Chrome) or reloaded event page (Firefox) gets every event.
import { createBackground } from '@/lib/background/create';
import { onNotificationClick, openPanelFromToolbarButton } from '@/lib/platform';
import { browserBackgroundDeps } from '@/lib/platform/background-deps';
import { wireReactions } from '@/lib/session/reactions/wiring';
import { wireCustomProfiles } from '@/lib/session/teach/wiring';
import { markOnce } from '@/lib/platform/timeline';

export default defineBackground(() => {
  // The bundle is loaded and its modules evaluated (the cold-restore bench's phases).
  markOnce('worker-main');
  openPanelFromToolbarButton();
  onNotificationClick();
  // Features wired later (chat, reactions, settings…): one `(ctx) => dispose` each in this list.
  createBackground(browserBackgroundDeps(), [
    // Reactions: the meter per tab, on its own panel port.
    wireReactions,
    // Teach mode: the moderator's custom profiles, known to the background too.
    wireCustomProfiles,
  ]);
});
