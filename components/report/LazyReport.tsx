import { useEffect, useState } from 'preact/hooks';
import type { ReportViewProps } from './ReportView';

type ReportModule = typeof import('./ReportView');
let loading: Promise<ReportModule> | null = null;

/**
 * The report view, loaded on first use (a chunk of its own): its charts, CSV and report code stay out of
 * the side panel's first load.
 */
export function LazyReport(props: ReportViewProps) {
  const [mod, setMod] = useState<ReportModule | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loading ??= import('./ReportView');
    loading.then(
      (m) => live && setMod(m),
      (e: unknown) => {
        loading = null;
        if (live) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) return <p class="error" role="alert">The report view could not load: {error}</p>;
  if (!mod) return <p class="hint" role="status">Loading the report…</p>;
  return <mod.ReportView {...props} />;
}
