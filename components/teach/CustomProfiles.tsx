// This event's custom selector profile: export it as JSON (to send to a colleague), import one, remove it.
// An imported file is checked before it is saved (lib/cnc/custom-profiles.ts): a malformed or hostile file
// is refused with what is wrong and where, and nothing is saved.
import { useEffect, useState } from 'preact/hooks';
import type { StorageArea } from '@/lib/platform/storage';
import { checkProfileText, exportFileName, exportText, loadCustomProfile, refusal, removeCustomProfile, saveCustomProfile, MAX_PROFILE_CHARS } from '@/lib/cnc/custom-profiles';
import type { SelectorProfile } from '@/lib/cnc/profile';

export interface CustomProfilesProps {
  origin: string;
  area: StorageArea;
  onDownload(fileName: string, text: string, type: string): void;
  /** Changes when the profile was saved elsewhere (the teach view): read it again. */
  refresh?: unknown;
}

export function CustomProfiles({ origin, area, onDownload, refresh }: CustomProfilesProps) {
  const [profile, setProfile] = useState<SelectorProfile | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const reload = () => loadCustomProfile(area, origin).then(setProfile, () => setProfile(null));
  useEffect(() => {
    void reload();
  }, [origin, refresh]);

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_PROFILE_CHARS * 4) return setMessage({ ok: false, text: refusal([`(file): ${file.size} bytes, more than a profile has`]) });
    const checked = checkProfileText(await file.text());
    if (!checked.ok) return setMessage({ ok: false, text: refusal(checked.problems) });
    const saved = await saveCustomProfile(area, origin, checked.profile);
    if (!saved.ok) return setMessage({ ok: false, text: refusal(saved.problems) });
    setMessage({ ok: true, text: `Imported ${saved.profile.id}: the panel reads this event's widget with it now.` });
    await reload();
  };

  return (
    <section class="card" data-testid="custom-profile" aria-labelledby="custom-profile-title">
      <h3 id="custom-profile-title">This event's profile</h3>
      <p class="hint" data-testid="custom-profile-current" dir="auto">
        {profile ? `${profile.id}: used on ${origin} instead of the bundled profiles.` : `None: ${origin} is read with the bundled profiles.`}
      </p>
      <div class="teach-row">
        <button type="button" data-testid="custom-profile-export" disabled={!profile} onClick={() => profile && onDownload(exportFileName(profile), exportText(profile), 'application/json')}>
          Export as JSON
        </button>
        <button
          type="button"
          data-testid="custom-profile-remove"
          disabled={!profile}
          onClick={() =>
            void removeCustomProfile(area, origin).then(() => {
              setMessage({ ok: true, text: 'Removed: the bundled profiles read this event again.' });
              return reload();
            })
          }
        >
          Remove
        </button>
        <label class="teach-row">
          Import a profile (JSON)
          <input type="file" accept="application/json,.json" data-testid="custom-profile-import" onChange={(e) => void onFile(e.target as HTMLInputElement)} />
        </label>
      </div>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'teach-ok' : 'error'} data-testid={message.ok ? 'custom-profile-ok' : 'custom-profile-error'} dir="auto">
          {message.text}
        </p>
      )}
    </section>
  );
}
