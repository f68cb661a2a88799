// Which widget the features mount on, from one page look: the widget root the page watcher found, the
// session it belongs to (the widget's entry id, else the URL's), and whether it is the moderator view.
import { profileById } from '../cnc/profile';
import { urlFacts } from '../page/hosts';
import type { PageSnapshot } from '../page/snapshot';
import type { WidgetMount } from './features';

export function widgetMountOf(snapshot: PageSnapshot, root: Element | null): WidgetMount | null {
  const { dom } = snapshot;
  if (!root || !dom.widgetPresent) return null;
  const entryId = dom.widgetEntryId ?? urlFacts(snapshot.url)?.entryId ?? null;
  if (!entryId) return null;
  const profile = profileById(dom.profileId);
  let moderator = dom.moderatorMarkup;
  // The moderator marker counts only on or inside this widget's root.
  if (profile) {
    try {
      moderator = root.matches(profile.moderatorMarkup) || root.querySelector(profile.moderatorMarkup) !== null;
    } catch {
      moderator = false;
    }
  }
  return { root, entryId, profileId: dom.profileId, moderator };
}
