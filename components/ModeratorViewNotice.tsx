import { moderatorViewUrl } from '@/lib/model/moderator-view';

/**
 * Shown on every view when the tab is a session page signed in as an attendee (the CnC widget is not in
 * moderator mode): the panel can only watch here, and says plainly where moderation happens, with a link.
 *
 * data-testid: attendee-notice · open-moderator-view
 */
export function ModeratorViewNotice({ pageUrl, entryId }: { pageUrl: string; entryId: string }) {
  const href = moderatorViewUrl(pageUrl, entryId);
  return (
    <section class="card notice" data-testid="attendee-notice" aria-label="Attendee view">
      <p>
        <strong>This page shows the session as an attendee.</strong> Approving, answering and announcing need the
        moderator view of this session, signed in as a moderator.
      </p>
      {href && (
        <a href={href} target="_blank" rel="noopener noreferrer" data-testid="open-moderator-view">
          Open the moderator view
        </a>
      )}
    </section>
  );
}
