// Announcing through the CnC widget's own composer (lib/cnc/announce.ts), on markup shaped like the
// sandbox widget's (sandbox/site/widget-markup.ts): confirmed only when the widget lists it.
import { beforeEach, describe, expect, it } from 'vitest';
import { announceInWidget } from '@/lib/cnc/announce';

function widget({ moderator = true, accept = true }: { moderator?: boolean; accept?: boolean } = {}) {
  document.body.innerHTML = `
    <div id="kep-widget-1" class="kep-widget${moderator ? ' kep-moderator' : ''}" data-kep-entry-id="1_sessiona1">
      <div class="kep-error" hidden></div>
      <section class="kep-module kep-module-announcements" data-kep-module="announcements">
        <ul class="kep-module-list"><li class="kep-announcement" data-kep-announcement-id="ann-1"><p class="kep-text">Earlier</p></li></ul>
        ${moderator ? '<form class="kep-composer" data-kep-composer="announcement"><textarea class="kep-composer-input"></textarea><button class="kep-composer-send" type="submit">Send</button></form>' : ''}
      </section>
    </div>`;
  const form = document.querySelector('form');
  form?.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = (form.querySelector('textarea') as HTMLTextAreaElement).value;
    setTimeout(() => {
      if (!accept) {
        (document.querySelector('.kep-error') as HTMLElement).textContent = 'not allowed';
        return;
      }
      const li = document.createElement('li');
      li.className = 'kep-announcement';
      li.setAttribute('data-kep-announcement-id', 'ann-2');
      const p = document.createElement('p');
      p.className = 'kep-text';
      p.textContent = text;
      li.append(p);
      document.querySelector('.kep-module-list')!.prepend(li);
    }, 20);
  });
}

const deps = () => ({ doc: document, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), now: Date.now });

describe('announceInWidget', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('types into the composer, sends, and resolves once the widget lists it', async () => {
    widget();
    await announceInWidget(deps(), { text: 'Break in 5 minutes', pin: false });
    expect(document.querySelector('[data-kep-announcement-id="ann-2"] .kep-text')!.textContent).toBe('Break in 5 minutes');
  });

  it('reports the widget refusing it', async () => {
    widget({ accept: false });
    await expect(announceInWidget(deps(), { text: 'Hello', pin: false })).rejects.toThrow('The widget refused the announcement: not allowed');
  });

  it('says so when nothing appears in time', async () => {
    widget();
    document.querySelector('form')!.addEventListener('submit', (e) => e.stopImmediatePropagation(), { capture: true });
    await expect(announceInWidget(deps(), { text: 'Hello', pin: false }, 300)).rejects.toThrow(/did not appear in the widget within 1 s/);
  });

  it('needs the moderator view, and has no pin control in this profile', async () => {
    widget({ moderator: false });
    await expect(announceInWidget(deps(), { text: 'Hello', pin: false })).rejects.toThrow(/not in moderator mode/);
    widget();
    await expect(announceInWidget(deps(), { text: 'Hello', pin: true })).rejects.toThrow(/no pin control for announcements/);
  });
});
