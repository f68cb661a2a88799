import type { NotifySettings } from '@/lib/notify/notify-policy';

export interface NotifyControlsProps {
  settings: NotifySettings | null;
  /** The session this panel shows, for the per-session mute. */
  entryId: string;
  onChange(patch: Partial<NotifySettings>): void;
}

const THRESHOLDS = [1, 2, 5, 10];

/** Alerts for new pending questions: on or off, sound, this session muted, when the badge turns urgent. */
export function NotifyControls({ settings, entryId, onChange }: NotifyControlsProps) {
  if (!settings) return null;
  const muted = settings.muted.includes(entryId);
  return (
    <section class="notify" aria-label="Alerts" data-testid="notify-controls">
      <label>
        <input
          type="checkbox"
          data-testid="notify-enabled"
          checked={settings.enabled}
          onChange={(e) => onChange({ enabled: (e.currentTarget as HTMLInputElement).checked })}
        />{' '}
        Desktop alerts
      </label>
      <label>
        <input
          type="checkbox"
          data-testid="notify-mute"
          checked={muted}
          onChange={(e) =>
            onChange({
              muted: (e.currentTarget as HTMLInputElement).checked
                ? [...settings.muted, entryId]
                : settings.muted.filter((id) => id !== entryId),
            })
          }
        />{' '}
        Mute this session
      </label>
      <label>
        <input
          type="checkbox"
          data-testid="notify-sound"
          checked={settings.sound}
          onChange={(e) => onChange({ sound: (e.currentTarget as HTMLInputElement).checked })}
        />{' '}
        Sound
      </label>
      <label>
        Urgent after{' '}
        <select
          data-testid="notify-urgent"
          value={String(settings.urgentAfterMs / 60_000)}
          onChange={(e) => onChange({ urgentAfterMs: Number((e.currentTarget as HTMLSelectElement).value) * 60_000 })}
        >
          {THRESHOLDS.map((m) => (
            <option key={m} value={String(m)}>
              {m} min
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
