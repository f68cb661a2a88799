import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A view loaded on first use, as a chunk of its own: what it needs stays out of the side panel's first load
 * (test/bench/bundle.bench.mjs measures both). Shows a status line while loading and a plain error if the
 * chunk cannot load; a failed load is tried again the next time the view opens.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, what: string): ComponentType<P> {
  let loading: Promise<ComponentType<P>> | null = null;
  return function LazyView(props: P) {
    const [View, setView] = useState<{ c: ComponentType<P> } | null>(null);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      let live = true;
      loading ??= load();
      loading.then(
        (c) => live && setView({ c }),
        (e: unknown) => {
          loading = null;
          if (live) setError(e instanceof Error ? e.message : String(e));
        },
      );
      return () => {
        live = false;
      };
    }, []);
    if (error) return <p class="error" role="alert">The {what} could not load: {error}</p>;
    if (!View) return <p class="hint" role="status">Loading the {what}…</p>;
    return <View.c {...props} />;
  };
}
