import { describeModules, type PageContext } from '@/lib/model/context';
import { signInLabel } from '@/lib/model/moderator-view';

const SITE_LABELS: Record<PageContext['site'], string> = {
  events: 'Kaltura Events',
  mediaspace: 'MediaSpace',
  kaf: 'KAF',
  custom: 'Custom domain',
};

/** The page's Kaltura context. Every value is page data: rendered as text, never as HTML. */
export function ContextCard({ context }: { context: PageContext }) {
  const rows: Array<[string, string, string]> = [
    ['ctx-site', 'Site', SITE_LABELS[context.site]],
    ['ctx-partner', 'Partner', context.partnerId?.toString() ?? '—'],
    ['ctx-event', 'Event', context.virtualEventId ?? '—'],
    ['ctx-entry', 'Session entry', context.entryId ?? '—'],
    ['ctx-region', 'Region', context.region ?? '—'],
    ['ctx-cnc', 'CnC widget', context.cnc.present ? (context.cnc.moderatorView ? 'Present (moderator view)' : 'Present') : 'Not found'],
    ['ctx-modules', 'Modules', context.cnc.present ? describeModules(context.cnc.modules) || 'none' : '—'],
    // Plain words, not "USER KS": the moderator needs to know who the page is signed in as.
    ['ctx-ks', 'Sign-in', signInLabel(context.ks, context.partnerId)],
  ];
  return (
    <section class="card" aria-label="This page">
      <dl class="facts">
        {rows.map(([testId, label, value]) => (
          <div key={testId}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
