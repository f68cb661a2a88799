// Custom profiles (teach mode) in the background: the Q&A surface of a tab is made from the profile the
// content script names, so the background must know the moderator's custom profiles too. Loaded when the
// worker starts, and again when a tab names a profile the background does not know (one was just saved or
// imported in the panel, or the worker restarted while a taught widget was open).
import type { FeatureContext } from '../../background/create';
import { installCustomProfiles } from '../../cnc/custom-profiles';
import { profileById } from '../../cnc/profile';

export function wireCustomProfiles(ctx: FeatureContext): () => void {
  const local = ctx.deps.storage.local;
  let loading: Promise<unknown> = installCustomProfiles(local, null).catch(() => []);
  return ctx.onContentMessage((_tabId, message) => {
    const m = message as { type?: unknown; snapshot?: { dom?: { profileId?: unknown } }; profileId?: unknown };
    const id = m.type === 'page-snapshot' ? m.snapshot?.dom?.profileId : m.type === 'qna-batch' ? m.profileId : undefined;
    if (typeof id !== 'string' || id === 'none' || profileById(id)) return;
    loading = loading.then(() => (profileById(id) ? undefined : installCustomProfiles(local, null).catch(() => [])));
  });
}
