// After an install or update: the content script into every open tab it belongs in. Tabs opened before
// the install have none yet; after an update, theirs is cut off from the new background (Chrome leaves it
// running, orphaned; Firefox removes it) until the tab reloads. That is the manifest's Kaltura hosts and
// every custom origin the moderator granted (its registered script only runs on the next load).
import { CONTENT_MATCHES } from '../content/matches';
import type { BackgroundDeps } from './deps';

export async function reinjectOpenTabs(deps: { tabs: Pick<BackgroundDeps['tabs'], 'query'>; origins: Pick<BackgroundDeps['origins'], 'granted' | 'inject'> }): Promise<void> {
  const granted = (await deps.origins.granted?.().catch(() => undefined)) ?? [];
  const patterns = [...CONTENT_MATCHES, ...granted.map((origin) => `${origin}/*`)];
  const done = new Set<number>();
  for (const pattern of patterns) {
    for (const tab of await deps.tabs.query(pattern).catch(() => [])) {
      if (done.has(tab.id)) continue;
      done.add(tab.id);
      // One tab that refuses (an error page, a tab closing) must not keep the others waiting for a reload.
      await deps.origins.inject(tab.id).catch(() => undefined);
    }
  }
}
