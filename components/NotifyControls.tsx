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
      <Toggle testId="notify-enabled" label="Desktop alerts" checked={settings.enabled} onChange={(enabled) => onChange({ enabled })} />
      <Toggle
        testId="notify-mute"
        label="Mute this session"
        checked={muted}
        onChange={(on) => onChange({ muted: on ? [...settings.muted, entryId] : settings.muted.filter((id) => id !== entryId) })}
      />
      <Toggle testId="notify-sound" label="Sound" checked={settings.sound} onChange={(sound) => onChange({ sound })} />
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

function Toggle(props: { testId: string; label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label>
      <input
        type="checkbox"
        data-testid={props.testId}
        checked={props.checked}
        onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
      />{' '}
      {props.label}
    </label>
  );
}
