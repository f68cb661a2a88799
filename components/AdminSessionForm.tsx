import { useSignal } from '@preact/signals';
import type { AdminCredentials, AdminStatus } from '@/lib/contracts/admin';

/** A session's end with its date: sessions last hours to days, so a time alone is ambiguous. */
const when = (unixSeconds: number) => new Date(unixSeconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export interface AdminSessionFormProps {
  status: AdminStatus | null;
  /** The Q&A view is already running on the webcast surface. */
  moderating: boolean;
  onConnect(credentials: AdminCredentials, remember: boolean): void;
  onForget(): void;
  onStartWebcast(): void;
  /** Another view's use of the same ADMIN session (settings, reports): its heading and why it is needed. */
  title?: string;
  hint?: string;
}

/**
 * Connect an ADMIN session (an app token, or a KS) to moderate the legacy webcast Q&A, which the page's
 * USER KS cannot do. Secrets are typed here and go to the background; the panel never shows them again.
 */
export function AdminSessionForm({ status, moderating, onConnect, onForget, onStartWebcast, title, hint }: AdminSessionFormProps) {
  const mode = useSignal<'app-token' | 'ks'>('app-token');
  const busy = useSignal(false);
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const credentials: AdminCredentials =
      mode.value === 'ks'
        ? { kind: 'ks', ks: value('ks') }
        : { kind: 'app-token', id: value('tokenId'), token: value('token'), userId: value('userId') || undefined };
    busy.value = true;
    onConnect(credentials, form.get('remember') === 'on');
    // No reset: if Kaltura refuses, the moderator corrects what they typed; on success the form goes away.
    setTimeout(() => (busy.value = false), 1500);
  };

  if (status?.connected) {
    return (
      <section class="card" aria-label="Admin session" data-testid="admin-session">
        <h2>{title ?? 'Webcast Q&A'}</h2>
        <p data-testid="admin-status">
          Connected as <strong>{status.userId || 'admin'}</strong>
          {status.expiresAt ? ` until ${when(status.expiresAt)}` : ''}
          {status.remembered ? ' (remembered on this computer)' : ''}.
        </p>
        {status.error && <p class="error" role="alert">{status.error}</p>}
        {!moderating && (
          <button type="button" class="primary" data-testid="webcast-start" onClick={onStartWebcast}>
            Moderate this session's webcast Q&amp;A
          </button>
        )}{' '}
        <button type="button" class="link" data-testid="admin-forget" onClick={onForget}>
          Disconnect
        </button>
      </section>
    );
  }
  return (
    <section class="card" aria-label="Admin session" data-testid="admin-session">
      <h2>{title ?? 'Webcast Q&A'}</h2>
      {(status?.expired || status?.expiredAt !== undefined) && (
        // Kaltura stopped taking the session: say so first, with when; keep who it was, the token id and the
        // remember choice (never the KS).
        <p class="error" role="alert" data-testid="admin-expired" dir="auto">
          The admin session{status.userId ? ` of ${status.userId}` : ''} expired
          {status.expiredAt !== undefined ? ` on ${when(status.expiredAt)}` : ''}: connect again. Questions, chat and
          everything else of this session are kept.
        </p>
      )}
      <p class="hint">
        {hint ??
          'Legacy webcast Q&A is moderated with an ADMIN session: an app token, or an admin KS. It stays in this browser session only, unless you ask to be remembered.'}
      </p>
      <div role="radiogroup" aria-label="Sign in with" class="choices">
        {(['app-token', 'ks'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="mode" checked={mode.value === m} onChange={() => (mode.value = m)} />{' '}
            {m === 'app-token' ? 'App token' : 'Admin KS'}
          </label>
        ))}
      </div>
      <form onSubmit={submit} class="admin-form">
        {mode.value === 'app-token' ? (
          <>
            <label>
              App token id{' '}
              <input name="tokenId" required autoComplete="off" data-testid="admin-token-id" defaultValue={status?.tokenId ?? ''} />
            </label>
            <label>
              Token <input name="token" type="password" required autoComplete="off" data-testid="admin-token" />
            </label>
            <label>
              User id (optional) <input name="userId" autoComplete="off" data-testid="admin-user-id" />
            </label>
          </>
        ) : (
          <label>
            Admin KS <input name="ks" type="password" required autoComplete="off" data-testid="admin-ks" />
          </label>
        )}
        <label class="inline">
          <input type="checkbox" name="remember" data-testid="admin-remember" defaultChecked={!!status?.remembered} /> Remember on this computer
        </label>
        <button type="submit" class="primary" disabled={busy.value} data-testid="admin-connect">
          Connect
        </button>
      </form>
      {status?.error && !status.expired && (
        <p class="error" role="alert" data-testid="admin-error">
          {status.error}
        </p>
      )}
    </section>
  );
}
