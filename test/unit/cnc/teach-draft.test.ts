// Teach mode's draft: from the clicks a moderator makes on a widget (rows in a shadow root, state by tab,
// actions behind a menu with a confirmation dialog, German labels) to a valid profile that reads every row.
import { beforeEach, describe, expect, it } from 'vitest';
import { buildDraft, cleanName, guessState, learnAnswer, learnAnswerVisibility, learnClick, learnField, learnRow, learnTabs, previewDraft, stepsOf, type TeachPicks } from '@/lib/cnc/teach/draft';
import { readQuestions } from '@/lib/cnc/qna-reader';
import { renderedRows } from '@/lib/cnc/profile-list';
import { profileProblems } from '@/lib/cnc/profile-schema';

let shadow: ShadowRoot;

function widget(): void {
  const row = (author: string, text: string, at: string, i: number) =>
    `<div role="listitem" class="css-9f8e7d zeile" aria-setsize="3" aria-posinset="${i}"><span class="autor">${author}</span><time datetime="${at}">10:00</time>` +
    `<span class="stimmen">${i}</span><p class="inhalt">${text}</p><ul class="antworten">${i === 2 ? '<li class="antwort"><span class="von">Mod</span><span class="sichtbarkeit">privat</span><span class="inhalt">Ja, morgen.</span></li>' : ''}</ul>` +
    `<button class="mehr" type="button" aria-label="Weitere Aktionen" aria-haspopup="menu">⋯</button></div>`;
  document.body.innerHTML = `<main><fragen-app data-entry-id="1_abc" data-role="moderator"></fragen-app></main>`;
  shadow = document.querySelector('fragen-app')!.attachShadow({ mode: 'open' });
  shadow.innerHTML = `<div class="app"><div role="tablist"><button role="tab">Ausstehend (3)</button><button role="tab">Genehmigt (1)</button><button role="tab">Beantwortet (0)</button><button role="tab">Abgelehnt (0)</button></div>
    <section role="tabpanel" aria-label="Ausstehend"><div role="list" class="scroller"><div class="spacer">
      ${row('Dana', 'Preis?', '2026-11-27T10:00:00.000Z', 1)}${row('Eli', 'Wann?', '2026-11-27T10:01:00.000Z', 2)}${row('Fay', 'Wo?', '2026-11-27T10:02:00.000Z', 3)}
    </div></div></section>
    <section role="tabpanel" aria-label="Genehmigt" hidden><div role="list" class="scroller"><div class="spacer">${row('Gus', 'Wer?', '2026-11-27T10:03:00.000Z', 1)}</div></div></section>
    <section role="tabpanel" aria-label="Beantwortet" hidden><div role="list" class="scroller"><div class="spacer"></div></div></section>
    <section role="tabpanel" aria-label="Abgelehnt" hidden><div role="list" class="scroller"><div class="spacer"></div></div></section>
    <div role="menu"><button role="menuitem">Genehmigen</button></div>
    <div role="dialog" aria-label="Bestätigen"><p>Sicher?</p><button>Abbrechen</button><button>Bestätigen</button></div></div>`;
}

const $ = (s: string) => shadow.querySelector(s)!;
const $$ = (s: string) => Array.from(shadow.querySelectorAll(s));

function ok<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function picks(): TeachPicks {
  const second = $$('[role=listitem]')[1]!;
  const row = ok(learnRow(second.querySelector('.inhalt')!));
  const picks: TeachPicks = { row, fields: {}, tabStates: {}, actions: {} };
  picks.fields.text = ok(learnField(row, second.querySelector('.inhalt')!));
  picks.fields.author = ok(learnField(row, second.querySelector('.autor')!));
  picks.fields.votes = ok(learnField(row, second.querySelector('.stimmen')!));
  picks.fields.time = ok(learnField(row, second.querySelector('time')!));
  picks.tabs = ok(learnTabs(row, $('[role=tab]')));
  return picks;
}

describe('teach: the draft profile', () => {
  beforeEach(widget);

  it('from a row, its fields and a tab: a valid profile that reads every row with its state', () => {
    const taught = picks();
    // The widget re-renders its rows (a framework does, on every change): what was learnt still holds.
    for (const spacer of $$('.spacer')) spacer.innerHTML = spacer.innerHTML;
    const draft = buildDraft(taught, 'taught', 'Taught on a test page');
    expect(draft.notes).toEqual([]);
    expect(profileProblems(draft.profile)).toEqual([]);
    const p = draft.profile!;
    expect(p.widgetRoot).toBe('fragen-app');
    expect(p.moderatorMarkup).toBe('fragen-app[data-role="moderator"]');
    expect(p.widgetEntryIdAttribute).toBe('data-entry-id');
    expect(p.qna!.list).toMatchObject({ shadow: ['fragen-app'], row: 'div[role="listitem"]', container: 'div[role="list"]', virtual: { total: { attr: 'aria-setsize' } } });
    expect(p.qna!.id).toEqual({ from: 'fields', fields: ['author', 'time', 'text'] });
    expect(draft.tabs.map((t) => [t.name, t.state])).toEqual([
      ['Ausstehend', 'pending'],
      ['Genehmigt', 'approved'],
      ['Beantwortet', 'answered'],
      ['Abgelehnt', 'dismissed'],
    ]);
    const preview = previewDraft(document, p, 0)!;
    expect(preview.rows.map((r) => [r.author, r.state, r.votes, r.text])).toEqual([
      ['Dana', 'pending', 1, 'Preis?'],
      ['Eli', 'pending', 2, 'Wann?'],
      ['Fay', 'pending', 3, 'Wo?'],
      ['Gus', 'approved', 1, 'Wer?'],
    ]);
    expect(preview.rows[0]!.time).toBe('2026-11-27T10:00:00.000Z');
    expect(preview.unreadable).toBe(0);
  });

  it("from an answer's text and visibility: the answers of every question, public or private", () => {
    const p = picks();
    const li = $('.antwort');
    const answers = ok(learnAnswer(p.row!, li.querySelector('.inhalt')!));
    expect(answers).toEqual({ row: 'li.antwort', text: { selector: ':scope > span.inhalt' } });
    p.answers = { ...answers, visibility: ok(learnAnswerVisibility(answers, li.querySelector('.sichtbarkeit')!)) };
    const draft = buildDraft(p, 'taught', '');
    expect(profileProblems(draft.profile)).toEqual([]);
    const qna = draft.profile!.qna!;
    const read = readQuestions(renderedRows(document.querySelector('fragen-app')!, qna.list), qna, 0);
    expect(read.questions.find((x) => x.text === 'Wann?')!.answers.map((a) => [a.visibility, a.text])).toEqual([['private', 'Ja, morgen.']]);
    // A click on something that is not a visibility word is refused with the reason.
    const refused = learnAnswerVisibility(answers, li.querySelector('.von')!);
    expect(!refused.ok && refused.error).toMatch(/"mod" is not a visibility/);
  });

  it('a corrected tab state wins over the guess', () => {
    const draft = buildDraft({ ...picks(), tabStates: { 1: 'answered' } }, 'taught', '');
    expect(draft.tabs[1]!.state).toBe('answered');
    expect(previewDraft(document, draft.profile!, 0)!.rows[3]!.state).toBe('answered');
  });

  it('without a row there is no draft, and the notes say what to click', () => {
    expect(buildDraft({ fields: {}, tabStates: {}, actions: {} }, 'x', '').notes).toEqual(['Click a question row first.']);
    const noTab = buildDraft({ ...picks(), tabs: undefined }, 'x', '');
    expect(noTab.notes.join()).toMatch(/Click the tab/);
  });

  it('records an action as a menu, its item and a confirmation, by role and German name', () => {
    const p = picks();
    const row = $$('[role=listitem]')[0]!;
    const clicks = [row.querySelector('.mehr')!, $('[role=menuitem]'), $$('[role=dialog] button')[1]!].map((el) => learnClick(p.row, el));
    expect(clicks.map((c) => c.label)).toEqual(['button “Weitere Aktionen”', 'menuitem “Genehmigen”', 'button “Bestätigen”']);
    expect(stepsOf(clicks)).toEqual([
      { menu: { open: { role: 'button', name: ['Weitere Aktionen'], within: 'row' }, item: { role: 'menuitem', name: ['Genehmigen'], within: 'widget' } } },
      { confirm: { dialog: { role: 'dialog' }, button: { role: 'button', name: ['Bestätigen'] } } },
    ]);
    const draft = buildDraft({ ...p, actions: { approve: clicks } }, 'taught', '');
    expect(profileProblems(draft.profile)).toEqual([]);
  });

  it('names without counts; states guessed in several languages, else by position', () => {
    expect(cleanName('  Ausstehend (12) ')).toBe('Ausstehend');
    expect(guessState('En attente', 3)).toBe('pending');
    expect(guessState('Rejected', 0)).toBe('dismissed');
    expect(guessState('Xyz', 1)).toBe('approved');
  });
});

describe('teach: optional actions the widget has none of', () => {
  it('drop their steps and give the panel the reason (no claim: no release either)', async () => {
    const { withAbsent } = await import('@/lib/cnc/teach/absent');
    const { capabilitiesOf } = await import('@/lib/cnc/qna-profile');
    const { profileProblems } = await import('@/lib/cnc/profile-schema');
    const variant = (await import('@/lib/cnc/profiles/kep-variant.json')).default as never;
    const p = withAbsent(variant, ['claim', 'restore']);
    expect(profileProblems(p)).toEqual([]);
    expect(Object.keys(p.qna!.actions).sort()).toEqual(['answer-private', 'answer-public', 'answered-live', 'approve', 'dismiss']);
    const caps = capabilitiesOf(p.qna!);
    expect([caps.claim, caps.restore, caps.approve]).toEqual([false, false, true]);
    expect(caps.absent.claim).toBe('This widget has no way to claim a question (taught in the panel).');
    expect(caps.absent.restore).toMatch(/no way to restore a dismissed question/);
    expect(withAbsent(variant, [])).toBe(variant);
  });

  it('are part of the draft: the picks carry them, the draft has their reasons and no steps', () => {
    widget();
    const taught = picks();
    const menu = $$('[role=listitem]')[1]!.querySelector('.mehr')!;
    taught.actions.claim = [learnClick(taught.row!, menu)];
    taught.actions.release = [learnClick(taught.row!, menu)];
    taught.absent = ['claim'];
    const qna = buildDraft(taught, 'taught', 'Taught on a test page').profile!.qna!;
    expect(qna.absent).toEqual({ claim: expect.stringMatching(/no way to claim/) });
    expect(Object.keys(qna.actions)).not.toContain('claim');
    expect(Object.keys(qna.actions)).not.toContain('release');
  });

  it('"none" given and taken back: only optional actions, each once', async () => {
    const { setAbsent } = await import('@/lib/cnc/teach/absent');
    expect(setAbsent(undefined, 'claim', true)).toEqual(['claim']);
    expect(setAbsent(['claim'], 'claim', true)).toEqual(['claim']);
    expect(setAbsent(['claim', 'restore'], 'claim', false)).toEqual(['restore']);
    expect(setAbsent([], 'approve', true)).toEqual([]);
    expect(setAbsent([], '__proto__', true)).toEqual([]);
  });
});

describe('teach: "handled by"', () => {
  it('reads the name after the widget\'s words, and takes "me" from the root attribute that names the moderator', async () => {
    const { handledByOf } = await import('@/lib/cnc/teach/draft');
    const lesson = {
      spec: { selector: ':scope > .bearbeitet' },
      found: 1,
      of: 4,
      shown: 'Bearbeitet von mod.1 (x)',
      rootAttrs: [['data-entry-id', '1_x'], ['data-role', 'moderator'], ['data-user', 'mod.1 (x)'], ['data-short', '(x)']] as Array<[string, string]>,
    };
    const h = handledByOf(lesson, 'fragen-moderation', ['data-entry-id', 'data-role']);
    expect(h.me).toEqual({ selector: 'fragen-moderation', attr: 'data-user' });
    expect(h.spec.pattern).toBe('^Bearbeitet von (.+)$');
    expect(new RegExp(h.spec.pattern!, 'u').exec(lesson.shown)![1]).toBe('mod.1 (x)');
    expect(handledByOf({ ...lesson, shown: 'Claimed' }, 'w', []).me).toBeNull();
  });
});
