/**
 * The webcast Q&A settings cue point seeded at start (KALTURA.md §3 "Legacy webcast Q&A"): a
 * KalturaCodeCuePoint tagged `player-qna-settings-update` whose partnerData carries
 * `{ qnaSettings: { qnaEnabled, announcementOnly } }` (playkit-js-qna settings handling).
 */
import { SESSIONS } from '../demo-data.js';
import type { CuePointStore } from './cue-points.js';

export const QNA_SETTINGS_TAG = 'player-qna-settings-update';

export function seedQnaSettings(store: CuePointStore, partnerId: number, now: number): void {
  for (const s of SESSIONS.filter((x) => x.mode === 'webcast')) {
    store.add(
      {
        objectType: 'KalturaCodeCuePoint',
        entryId: s.entryId,
        partnerId,
        userId: '',
        tags: QNA_SETTINGS_TAG,
        code: QNA_SETTINGS_TAG,
        startTime: 0,
        partnerData: JSON.stringify({ qnaSettings: { qnaEnabled: true, announcementOnly: false } }),
      },
      now,
    );
  }
}
