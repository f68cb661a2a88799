// Announcements written as steps (lib/cnc/announce-profile.ts, announce.ts): the bundled kep-variant
// profile on markup shaped like the sandbox's variant widget (an open shadow root, a compose dialog rendered
// a moment later, a "pin" checkbox, a confirmation dialog, German labels, no ids); the schema's path-named
// errors for the steps shape; the v1 shape still valid.
import { beforeEach, describe, expect, it } from 'vitest';
import { announceInWidget } from '@/lib/cnc/announce';
import { announceRecipeOf, announcementsProfileOf, pinAbsence } from '@/lib/cnc/announce-profile';
import { profileProblems } from '@/lib/cnc/profile-schema';
import kepVariant from '@/lib/cnc/profiles/kep-variant.json';
import kep2026 from '@/lib/cnc/profiles/kep-2026.json';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The variant's announcements, as its widget renders them; `sent` records what the server got. */
function variant({ accept = true } = {}) {
  document.body.innerHTML = '';
  const host = document.createElement('cnc-moderation');
  host.setAttribute('data-role', 'moderator');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = `<div class="app"><div class="fehler" role="alert" hidden></div>
    <section class="ankuendigungen"><button type="button" id="compose">Ankündigung verfassen</button>
    <ul class="ankuendigungen-liste"><li class="ankuendigung"><p class="ankuendigung-text">Früher</p></li></ul></section></div>`;
  const app = shadow.querySelector('.app')!;
  const sent: Array<{ text: string; pinned: boolean }> = [];
  const later = (fn: () => void) => setTimeout(fn, 30); // a framework's portal renders a moment later
  const dialog = (label: string, html: string) => {
    const d = document.createElement('div');
    d.setAttribute('role', 'dialog');
    d.setAttribute('aria-label', label);
    d.innerHTML = html;
    later(() => app.append(d));
    return d;
  };
  shadow.getElementById('compose')!.addEventListener('click', () => {
    const d = dialog('Neue Ankündigung', '<textarea aria-label="Ankündigungstext"></textarea><label><input type="checkbox" aria-label="Anheften"> Anheften</label><button type="button">Senden</button>');
    d.querySelector('button')!.addEventListener('click', () => {
      const text = d.querySelector('textarea')!.value;
      const pinned = d.querySelector('input')!.checked;
      d.remove();
      const c = dialog('Ankündigung bestätigen', '<p>Diese Ankündigung an alle senden?</p><button type="button">Abbrechen</button><button type="button">Bestätigen</button>');
      c.querySelectorAll('button')[1]!.addEventListener('click', () => {
        c.remove();
        sent.push({ text, pinned });
        later(() => {
          if (!accept) return void (shadow.querySelector('.fehler')!.textContent = 'NOT_ALLOWED');
          const li = document.createElement('li');
          li.className = 'ankuendigung';
          li.innerHTML = '<p class="ankuendigung-text"></p>';
          li.firstElementChild!.textContent = text;
          shadow.querySelector('ul')!.prepend(li);
        });
      });
    });
  });
  const widget = { root: host, profileId: 'kep-variant', moderator: true, signal: new AbortController().signal };
  const deps = { doc: document, widget, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), now: Date.now };
  return { shadow, sent, deps };
}

describe('announcements as steps (kep-variant)', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('opens the compose dialog, types, sends, confirms, and resolves once the widget lists it', async () => {
    const w = variant();
    await announceInWidget(w.deps, { text: 'Pause in 5 Minuten', pin: false });
    expect(w.sent).toEqual([{ text: 'Pause in 5 Minuten', pinned: false }]);
    expect(w.shadow.querySelector('.ankuendigung-text')!.textContent).toBe('Pause in 5 Minuten');
  });

  it('ticks "Anheften" for a pinned one; the profile offers pinning', async () => {
    const w = variant();
    expect(pinAbsence(announcementsProfileOf('kep-variant')!, 'kep-variant')).toBeNull();
    await announceInWidget(w.deps, { text: 'Wichtig', pin: true });
    expect(w.sent).toEqual([{ text: 'Wichtig', pinned: true }]);
  });

  it('the same text sent twice is confirmed by a second row, not by the first', async () => {
    const w = variant();
    await announceInWidget(w.deps, { text: 'Früher', pin: false });
    expect(w.shadow.querySelectorAll('.ankuendigung')).toHaveLength(2);
  });

  it('reports the widget refusing it, and a control that never shows, by its role and names', async () => {
    await expect(announceInWidget(variant({ accept: false }).deps, { text: 'Hallo', pin: false })).rejects.toThrow('The widget refused the announcement: NOT_ALLOWED');
    const w = variant();
    w.shadow.getElementById('compose')!.textContent = 'Neu';
    await expect(announceInWidget(w.deps, { text: 'Hallo', pin: false })).rejects.toThrow(/announcement control \(step 1\) was not found .*named "Ankündigung verfassen"/);
    expect(w.sent).toEqual([]);
  });
});

describe('the announcements section of a profile', () => {
  it('keeps the v1 shape (composer, fill, click) as steps, with the pin toggle first when asked', () => {
    const v1 = kep2026.announcements as Parameters<typeof announceRecipeOf>[0];
    expect(announceRecipeOf(v1, false)!.steps.map((s) => Object.keys(s)[0])).toEqual(['fill', 'click']);
    expect(announceRecipeOf(v1, true)).toBeNull(); // kep-2026 has no pin
    expect(announceRecipeOf({ ...v1, pin: '.pin' } as typeof v1, true)!.steps.map((s) => Object.keys(s)[0])).toEqual(['click', 'fill', 'click']);
    expect(profileProblems(kep2026)).toEqual([]);
    expect(profileProblems(kepVariant)).toEqual([]);
  });

  it('refuses a malformed steps section, naming the path', () => {
    const p = clone(kepVariant) as any;
    p.announcements.actions.send.steps[1] = { hover: { role: 'button' } };
    p.announcements.actions['send-pinned'].steps[0].click.within = 'row';
    p.announcements.actions.broadcast = { steps: [{ fill: { role: 'textbox' } }] };
    p.announcements.absent = { pin: 'no pin here' };
    delete p.announcements.list.row;
    expect(profileProblems(p)).toEqual([
      "announcements.list.row: expected a non-empty string, got nothing",
      "announcements.actions.send.steps[1]: unknown step kind 'hover'",
      "announcements.actions: unknown action 'broadcast' (known: send, send-pinned)",
      `announcements.actions.send.steps: no "fill" step types the announcement's text`,
      "announcements.actions.send-pinned.steps[0].click.within: an announcement has no row; expected 'widget' or 'document'",
      'announcements.absent.pin: the profile says how to pin ("send-pinned") and that there is no pin',
    ]);
    const q = clone(kepVariant) as any;
    delete q.announcements.actions.send;
    expect(profileProblems(q)).toEqual(['announcements.actions.send: expected the steps that send an announcement, {"steps": [...]}']);
  });

  it('a profile without "send-pinned" cannot pin, and says why', () => {
    const p = clone(kepVariant.announcements) as any;
    delete p.actions['send-pinned'];
    p.absent = { pin: 'Dieses Widget kann nicht anheften.' };
    expect(announceRecipeOf(p, true)).toBeNull();
    expect(pinAbsence(p, 'x')).toBe('Dieses Widget kann nicht anheften.');
  });
});
