// Announcement templates the moderator saves and reuses. Persisted by the background (storage.local).

export interface AnnouncementTemplate {
  id: string;
  name: string;
  text: string;
}

export const DEFAULT_TEMPLATES: readonly AnnouncementTemplate[] = [
  { id: 'default-break', name: 'Ten-minute break', text: "We're taking a ten-minute break. See you back here shortly!" },
  { id: 'default-starting', name: 'Session starting', text: 'The session is about to start. Please take your seats and get ready to join in.' },
  { id: 'default-ending', name: 'Session ending', text: 'The session is ending soon. Thank you for joining us! Last questions now, please.' },
];

export type TemplatesEvent =
  | { type: 'save'; template: AnnouncementTemplate }
  | { type: 'delete'; id: string }
  | { type: 'reset' };

/** Save adds, or replaces the template with the same id; names and texts are trimmed; empty ones are refused. */
export function templatesReducer(list: readonly AnnouncementTemplate[], event: TemplatesEvent): readonly AnnouncementTemplate[] {
  switch (event.type) {
    case 'save': {
      const t = { ...event.template, name: event.template.name.trim(), text: event.template.text.trim() };
      if (!t.name || !t.text) return list;
      return list.some((x) => x.id === t.id) ? list.map((x) => (x.id === t.id ? t : x)) : [...list, t];
    }
    case 'delete':
      return list.some((x) => x.id === event.id) ? list.filter((x) => x.id !== event.id) : list;
    case 'reset':
      return DEFAULT_TEMPLATES;
  }
}
