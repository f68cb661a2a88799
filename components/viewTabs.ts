/**
 * The view tabs' keys, as the WAI-ARIA tabs pattern has them: the tab strip is one stop in the Tab order
 * (the shown view's tab; eight stops before the view's content were a chore on every visit), and inside it
 * the arrow keys move to the previous or next view (wrapping), Home and End to the first and last. A view
 * opens as its tab is reached (switching is instant: views stay mounted once shown).
 */
export function tabAfterKey<V>(key: string, views: readonly V[], current: V): V | null {
  const at = views.indexOf(current);
  if (at < 0 || !views.length) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return views[(at + 1) % views.length]!;
    case 'ArrowLeft':
    case 'ArrowUp':
      return views[(at - 1 + views.length) % views.length]!;
    case 'Home':
      return views[0]!;
    case 'End':
      return views[views.length - 1]!;
    default:
      return null;
  }
}

/** The tab strip's keydown: the view the key names is chosen and its tab focused. */
export function onTabKey<V extends string>(e: KeyboardEvent, views: readonly V[], current: V, choose: (v: V) => void): void {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const next = tabAfterKey(e.key, views, current);
  if (next === null) return;
  e.preventDefault();
  choose(next);
  (e.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>(`[role="tab"][data-view="${next}"]`)?.focus();
}
