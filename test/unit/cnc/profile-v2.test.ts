// The profile language v2: validation with errors naming the path, per-origin overrides, synthesised ids,
// state by class and by list, controls by role and name in several languages, menu and confirm steps,
// shadow roots and a virtualised list revealed by scrolling.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BUNDLED_PROFILES, loadProfiles, profileById } from '@/lib/cnc/profile';
import { forOrigin, parseProfile, profileProblems, ProfileError, type ProfileV2, type QnaSection } from '@/lib/cnc/profile-schema';
import { RowIdentity, synthesisedId } from '@/lib/cnc/profile-identity';
import { coverageOf, reveal } from '@/lib/cnc/profile-list';
import { readQuestions } from '@/lib/cnc/qna-reader';
import { performAction } from '@/lib/cnc/qna-actor';
import { performChatAction } from '@/lib/cnc/chat-actor';
import type { ChatAction } from '@/lib/model/chat/commands';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- profiles broken on purpose, as JSON would be
const kep = (): any => structuredClone(profileById('kep-2026')!);
const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), now: () => Date.now() };

describe('profile validation', () => {
  it('accepts every bundled profile', () => {
    expect(BUNDLED_PROFILES.refused).toEqual([]);
    expect(BUNDLED_PROFILES.profiles.map((p) => p.id)).toContain('kep-2026');
  });

  it('refuses an unknown step kind, naming where it is', () => {
    const p = kep();
    p.qna.actions.approve.steps.push({ hover: { selector: '.x' } });
    expect(profileProblems(p)).toEqual(["qna.actions.approve.steps[1]: unknown step kind 'hover'"]);
    expect(() => parseProfile(p)).toThrow(ProfileError);
    expect(() => parseProfile(p)).toThrow(/kep-2026 is refused: qna\.actions\.approve\.steps\[1\]: unknown step kind 'hover'/);
  });

  it('names each problem of a malformed profile', () => {
    const p = kep();
    p.version = 1;
    p.qna.list.row = 'li[[';
    p.qna.state.map.pending = 'waiting';
    p.qna.actions.publish = { steps: [{ click: { selector: '.p' } }] };
    p.qna.actions.dismiss.steps[0] = { click: { name: ['Dismiss'] } };
    p.qna.id = { from: 'fields', fields: ['author', 'mood'] };
    expect(profileProblems(p)).toEqual([
      'version: expected 2, got number',
      "qna.list.row: not a valid CSS selector 'li[['",
      "qna.id.fields[1]: no field 'mood' in fields",
      "qna.state.map.pending: unknown state 'waiting' (known: pending, approved, answered, dismissed)",
      'qna.actions.dismiss.steps[0].click: a control needs a selector or a role',
      "qna.actions: unknown action 'publish' (known: approve, dismiss, restore, answered-live, claim, release, answer-public, answer-private)",
    ]);
  });

  it('refuses what is not a profile at all, and keeps the good ones of a set', () => {
    expect(profileProblems('<script>')).toEqual(["(profile): expected a JSON object, got '<script>'"]);
    const loaded = loadProfiles([
      { source: 'good', value: kep() },
      { source: 'bad', value: { version: 2, id: 'x' } },
    ]);
    expect(loaded.profiles).toHaveLength(1);
    expect(loaded.refused[0]!.source).toBe('bad');
    expect(loaded.refused[0]!.problems).toContain("widgetRoot: expected a non-empty string, got nothing");
  });

  it('leaves a section it does not know alone', () => {
    const p = kep();
    p.extras = { list: { row: '.kep-chat-message' }, anything: ['goes', 'here'] };
    expect(profileProblems(p)).toEqual([]);
  });

  it('refuses a malformed chat section, naming the path of each problem', () => {
    const p = kep();
    expect(p.chat.actions.delete).toBeDefined(); // the bundled chat section is checked and accepted (first test)
    p.chat.item = 'li[[';
    delete p.chat.text;
    p.chat.pinned = { matches: '.kep-pinned', attr: 'data-x' };
    p.chat.deleted = { attr: 'data-kep-deleted' };
    p.chat.actions.pin = { steps: [{ menu: { open: { selector: '.m' }, item: { selector: '.p' } } }, { click: { name: ['Pin'] } }] };
    p.chat.actions.shout = { click: '.s' };
    p.chat.actions.block.confirm = '';
    p.chat.reactions.count = 'a number';
    p.chat.absent = { delete: 7 };
    p.chat.colour = 'red';
    expect(profileProblems(p)).toEqual([
      "chat: unknown key 'colour'",
      "chat.item: not a valid CSS selector 'li[['",
      'chat.text: expected an object like {"selector": ".x", "attr": "y"}, got nothing',
      "chat.pinned: unknown key 'attr'",
      'chat.deleted: a boolean needs "matches" (a selector the row matches) or "equals" (the value that means true)',
      'chat.reactions.count: expected an object like {"selector": ".x", "attr": "y"}, got \'a number\'',
      "chat.actions.pin.steps[0]: a chat step is a click or a fill, got 'menu'",
      'chat.actions.pin.steps[1].click: a control needs a selector or a role',
      "chat.actions.block.confirm: expected a non-empty string, got ''",
      "chat.actions: unknown action 'shout' (known: delete, pin, unpin, block, unblock, post)",
      'chat.absent.delete: expected a non-empty string, got number',
    ]);
    expect(() => parseProfile(p)).toThrow(/kep-2026 is refused: chat: unknown key 'colour'; chat\.item: not a valid CSS selector/);
    // A malformed chat section refuses the whole profile on load, like a malformed Q&A section.
    const loaded = loadProfiles([{ source: 'bad chat', value: p }]);
    expect(loaded.profiles).toEqual([]);
    expect(loaded.refused[0]!.problems).toContain("chat.item: not a valid CSS selector 'li[['");
  });

  it('performs a chat action written as steps (role and name, in German) like its v1 form', () => {
    const p = kep();
    p.chat.actions.delete = { steps: [{ click: { role: 'button', name: ['Delete', 'Löschen'] } }] };
    p.chat.actions.block = {
      steps: [
        { click: { role: 'button', name: ['Block', 'Sperren'] } },
        { fill: { role: 'textbox', name: ['Grund'], within: 'widget' } },
        { click: { role: 'button', name: ['Sperre bestätigen'], within: 'widget' } },
      ],
    };
    expect(profileProblems(p)).toEqual([]);
    document.body.innerHTML = `<div id="w">
      <ul><li class="kep-chat-message" data-kep-message-id="m1" data-kep-user-id="u1"><span class="kep-sender">Ann</span>
        <button type="button">Löschen</button><button type="button">Sperren</button></li></ul>
      <form class="kep-block-form"><textarea aria-label="Grund"></textarea><button type="button">Sperre bestätigen</button></form></div>`;
    const clicked: string[] = [];
    document.querySelectorAll('button').forEach((b) => b.addEventListener('click', () => clicked.push(b.textContent!)));
    const root = document.getElementById('w')!;
    performChatAction(root, { kind: 'delete', messageId: 'm1' } as ChatAction, p.chat, 'kep-2026');
    expect(clicked).toEqual(['Löschen']);
    performChatAction(root, { kind: 'block', userId: 'u1', reason: 'spam' } as ChatAction, p.chat, 'kep-2026');
    expect(clicked).toEqual(['Löschen', 'Sperren', 'Sperre bestätigen']);
    expect(document.querySelector('textarea')!.value).toBe('spam');
    p.chat.actions.pin = { steps: [{ click: { role: 'button', name: ['Anheften'] } }] };
    expect(() => performChatAction(root, { kind: 'pin', messageId: 'm1' } as ChatAction, p.chat, 'kep-2026')).toThrow(/role button, named "Anheften"/);
  });

  it('refuses malformed reactions and announcements sections, naming the path', () => {
    const p = kep();
    p.reactions.switchTo = { on: '.on' };
    delete p.reactions.type;
    p.announcements.send = 42;
    p.announcements.absent = { pin: '' };
    expect(profileProblems(p)).toEqual([
      "announcements.send: expected a non-empty string, got number",
      "announcements.absent.pin: expected a non-empty string, got ''",
      'reactions.type: expected an object like {"selector": ".x", "attr": "y"}, got nothing',
      'reactions.switchTo.off: expected a non-empty string, got nothing',
    ]);
  });

  it('checks a chat section an override brings in', () => {
    const p = kep();
    p.overrides = [{ origins: ['https://events.acme.test'], set: { chat: { actions: { delete: { click: '' } } } } }];
    expect(profileProblems(p)).toEqual(["overrides[0]: chat.actions.delete.click: expected a non-empty string, got ''"]);
  });

  it('applies per-origin overrides, and validates what they make', () => {
    const p = kep();
    p.overrides = [{ origins: ['https://events.acme.test'], set: { qna: { fields: { votes: { selector: '.acme-votes' } } } } }];
    expect(profileProblems(p)).toEqual([]);
    const acme = forOrigin(parseProfile(p), 'https://events.acme.test');
    expect(acme.qna!.fields.votes).toEqual({ selector: '.acme-votes' });
    expect(acme.qna!.fields.text).toEqual(p.qna.fields.text);
    expect(forOrigin(parseProfile(p), 'https://1234567.events.kaltura.com').qna!.fields.votes).toEqual(p.qna.fields.votes);
    p.overrides[0].set = { qna: { state: { byClass: { 'is-new': 'fresh' } } } };
    expect(profileProblems(p)).toEqual(["overrides[0]: qna.state.byClass.is-new: unknown state 'fresh' (known: pending, approved, answered, dismissed)"]);
  });
});

describe('synthesised ids', () => {
  const row = (author: string, time: string, text: string) => ({ anchor: [author, time], tie: [text] });

  it('names a row by author and time, stable across reads and an edit of the text', () => {
    const ids = new RowIdentity();
    const [a] = ids.assign([row('Dana', '10:00', 'What about pricing?')]);
    expect(a).toBe(synthesisedId(['Dana', '10:00']));
    expect(ids.assign([row('Dana', '10:00', 'What about pricing?')])).toEqual([a]);
    expect(ids.assign([row('Dana', '10:00', 'What about pricing in EUR?')])).toEqual([a]);
    // A fresh reader (a reload) names it alike.
    expect(new RowIdentity().assign([row('Dana', '10:00', 'What about pricing in EUR?')])).toEqual([a]);
  });

  it('tells apart two questions that share author and time by their text, and identical rows by an ordinal', () => {
    const ids = new RowIdentity();
    const [a, b] = ids.assign([row('Dana', '10:00', 'One'), row('Dana', '10:00', 'Two')]);
    expect(a).not.toBe(b);
    // Still the same ids, in either order.
    expect(ids.assign([row('Dana', '10:00', 'Two'), row('Dana', '10:00', 'One')])).toEqual([b, a]);
    const [x, y, z] = new RowIdentity().assign([row('Eli', '9:00', 'Same'), row('Eli', '9:00', 'Same'), row('Eli', '9:00', 'Same')]);
    expect([y, z]).toEqual([`${x}~2`, `${x}~3`]);
  });
});

// ------------------------------------------------------------------------------------------------ a variant

/** A widget the real-SPA way: no ids, state by tab panel, German labels, a "⋯" menu, a confirm dialog. */
const VARIANT: QnaSection = {
  list: { shadow: ['mod-app'], container: '.scroller', row: '[role=listitem]', virtual: { total: { attr: 'aria-setsize' } } },
  id: { from: 'fields', fields: ['author', 'time', 'text'] },
  state: {
    byContainer: [
      { selector: "[role=tabpanel][aria-label='Ausstehend']", state: 'pending' },
      { selector: "[role=tabpanel][aria-label='Genehmigt']", state: 'approved' },
    ],
  },
  fields: { author: { selector: '.who' }, time: { selector: 'time', attr: 'datetime' }, text: { selector: '.body' } },
  actions: {
    approve: {
      steps: [
        { menu: { open: { role: 'button', name: ['More actions', 'Weitere Aktionen'] }, item: { role: 'menuitem', name: ['Approve', 'Genehmigen', 'Approuver'] } } },
        { confirm: { dialog: { role: 'dialog' }, button: { role: 'button', name: ['Confirm', 'Bestätigen'] } } },
      ],
    },
    'answer-public': {
      steps: [
        { menu: { open: { role: 'button', name: ['Weitere Aktionen'] }, item: { role: 'menuitem', name: ['Antworten'] } } },
        { fill: { role: 'textbox', within: 'widget' } },
        { click: { role: 'button', name: ['Öffentlich senden'], within: 'widget' } },
      ],
    },
  },
};

function variantRow(author: string, text: string, at: string, pos = 1, size = 1): string {
  return `<div role="listitem" aria-posinset="${pos}" aria-setsize="${size}"><span class="who">${author}</span><time datetime="${at}">10:00</time><p class="body">${text}</p><button aria-label="Weitere Aktionen">⋯</button></div>`;
}

function mountVariant(pending: string, approved: string): { host: Element; shadow: ShadowRoot } {
  document.body.innerHTML = '<mod-app></mod-app>';
  const host = document.querySelector('mod-app')!;
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = `<div role="tablist"><button role="tab">Ausstehend (1)</button><button role="tab">Genehmigt (1)</button></div>
    <section role="tabpanel" aria-label="Ausstehend"><div class="scroller">${pending}</div></section>
    <section role="tabpanel" aria-label="Genehmigt" hidden><div class="scroller">${approved}</div></section>`;
  return { host, shadow };
}

describe('a widget without ids, in a shadow root, in German', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('reads rows through the shadow root, with synthesised ids and the state of the tab they are in', () => {
    mountVariant(variantRow('Dana', 'Preis?', '2026-11-27T10:00:00.000Z'), variantRow('Eli', 'Wann?', '2026-11-27T10:01:00.000Z'));
    const rows = document.querySelector('mod-app')!.shadowRoot!.querySelectorAll('[role=listitem]');
    const { questions, unreadable } = readQuestions(rows, VARIANT, 0);
    expect(unreadable).toBe(0);
    expect(questions.map((q) => [q.id, q.state, q.author.name, q.text])).toEqual([
      [synthesisedId(['Dana', '2026-11-27T10:00:00.000Z']), 'pending', 'Dana', 'Preis?'],
      [synthesisedId(['Eli', '2026-11-27T10:01:00.000Z']), 'approved', 'Eli', 'Wann?'],
    ]);
  });

  it('reads state by class', () => {
    document.body.innerHTML = `<ul><li class="q is-live" data-x="1"><p class="t">Hi</p></li><li class="q" data-x="2"><p class="t">Ho</p></li></ul>`;
    const byClass: QnaSection = { list: { row: 'li.q' }, id: { attr: 'data-x' }, state: { byClass: { 'is-live': 'approved' } }, fields: { text: { selector: '.t' } }, actions: {} };
    expect(readQuestions(document.querySelectorAll('li.q'), byClass, 0)).toMatchObject({ questions: [{ id: '1', state: 'approved' }], unreadable: 1 });
  });

  it('approves through the row menu and the confirmation dialog, matching German labels by role and name', async () => {
    const { shadow } = mountVariant(variantRow('Dana', 'Preis?', '2026-11-27T10:00:00.000Z') + variantRow('Eli', 'Wann?', '2026-11-27T10:02:00.000Z'), '');
    const done = vi.fn();
    // The widget renders its menu and its dialog at the shadow root's top, a moment after the click.
    shadow.addEventListener('click', (ev) => {
      const t = ev.target as Element;
      const row = t.closest('[role=listitem]');
      if (t.getAttribute('aria-label') === 'Weitere Aktionen') {
        setTimeout(() => {
          const menu = document.createElement('div');
          menu.setAttribute('role', 'menu');
          menu.innerHTML = '<button role="menuitem">Ablehnen</button><button role="menuitem">Genehmigen</button>';
          menu.querySelectorAll('button')[1]!.addEventListener('click', () => {
            menu.remove();
            setTimeout(() => {
              const dialog = document.createElement('div');
              dialog.setAttribute('role', 'dialog');
              dialog.innerHTML = '<p>Frage genehmigen?</p><button>Abbrechen</button><button>Bestätigen</button>';
              dialog.querySelectorAll('button')[1]!.addEventListener('click', () => done(row?.querySelector('.body')?.textContent));
              shadow.appendChild(dialog);
            }, 20);
          });
          shadow.appendChild(menu);
        }, 20);
      }
    });
    const eli = synthesisedId(['Eli', '2026-11-27T10:02:00.000Z']);
    await performAction(document.body, { kind: 'approve', questionId: eli }, VARIANT, 'variant');
    expect(done).toHaveBeenCalledWith('Wann?');
  });

  it('says which step failed when the menu item never shows', async () => {
    mountVariant(variantRow('Dana', 'Preis?', '2026-11-27T10:00:00.000Z'), '');
    const quick = { ...VARIANT, actions: { approve: { steps: [{ menu: { open: { role: 'button', name: ['Weitere Aktionen'] }, item: { role: 'menuitem', name: ['Genehmigen'] } }, timeoutMs: 100 }] } } } as QnaSection;
    await expect(
      performAction(document.body, { kind: 'approve', questionId: synthesisedId(['Dana', '2026-11-27T10:00:00.000Z']) }, quick, 'variant'),
    ).rejects.toThrow(/menu item for "approve" was not found.*role menuitem, named "Genehmigen", waited 100 ms/);
  });
});

describe('a virtualised list', () => {
  /** 30 rows, 5 rendered at a time from the scroll offset, as a windowing library does. */
  function virtualList(total = 30, visible = 5, rowHeight = 40) {
    document.body.innerHTML = '<div class="scroller"></div>';
    const scroller = document.querySelector<HTMLElement>('.scroller')!;
    let top = 0;
    Object.defineProperty(scroller, 'clientHeight', { get: () => visible * rowHeight });
    Object.defineProperty(scroller, 'scrollHeight', { get: () => total * rowHeight });
    Object.defineProperty(scroller, 'scrollTop', {
      get: () => top,
      set: (v: number) => {
        top = Math.max(0, Math.min(v, total * rowHeight - visible * rowHeight));
      },
    });
    const render = () => {
      const first = Math.floor(top / rowHeight);
      scroller.innerHTML = Array.from({ length: Math.min(visible, total - first) }, (_, i) =>
        `<div class="r" data-id="q${first + i}" aria-setsize="${total}" data-state="pending"><p>Q${first + i}</p></div>`,
      ).join('');
    };
    scroller.addEventListener('scroll', () => setTimeout(render, 5));
    render();
    return scroller;
  }
  const list = { container: '.scroller', row: '.r', virtual: { total: { attr: 'aria-setsize' } } };

  it('says how much of the list is rendered', () => {
    virtualList();
    expect(coverageOf(document, list)).toEqual({ seen: 5, total: 30 });
  });

  it('scrolls to reveal every row, then puts the list back where the moderator had it', async () => {
    const scroller = virtualList();
    scroller.scrollTop = 80;
    scroller.dispatchEvent(new Event('scroll'));
    await vi.waitFor(() => expect(scroller.querySelector('.r')?.getAttribute('data-id')).toBe('q2'));
    const seen = new Set<string>();
    await reveal(document, list, timers, (rows) => {
      rows.forEach((r) => seen.add(r.getAttribute('data-id')!));
      return false;
    });
    expect(seen.size).toBe(30);
    expect(scroller.scrollTop).toBe(80);
  });

  it('acts on a row that was not rendered by scrolling to it', async () => {
    const scroller = virtualList();
    const profile: QnaSection = {
      list,
      id: { attr: 'data-id' },
      state: { attr: 'data-state', map: { pending: 'pending' } },
      fields: { text: { selector: 'p' } },
      actions: { approve: { steps: [{ click: { selector: 'p' } }] } },
    };
    const clicked = vi.fn();
    scroller.addEventListener('click', (e) => clicked((e.target as Element).textContent));
    await performAction(document, { kind: 'approve', questionId: 'q27' }, profile, 'virtual');
    expect(clicked).toHaveBeenCalledWith('Q27');
  });
});
