export interface AccessRequestProps {
  origin: string;
  /** The page looks like an event page: ask plainly. Otherwise offer it quietly. */
  prominent: boolean;
  error: string | null;
  onGrant(origin: string): void;
}

export function AccessRequest({ origin, prominent, error, onGrant }: AccessRequestProps) {
  return (
    <section class={prominent ? 'card access' : 'access quiet'} aria-label="Access to this site">
      {prominent ? (
        <p>
          Kaltura events can run on their own domain. Allow CnC Moderator to read <strong>{origin}</strong> to attach
          here.
        </p>
      ) : (
        <p class="hint">Is this your event's own domain?</p>
      )}
      <button type="button" data-testid="grant-access" class={prominent ? 'primary' : 'link'} onClick={() => onGrant(origin)}>
        Allow access to {origin}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
