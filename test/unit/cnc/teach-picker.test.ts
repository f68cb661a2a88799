// The teach picker: isolated from the page (a closed shadow root host over the viewport), the page never
// sees the click it records, Esc and the abort signal end it and leave nothing behind.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PICKER_TAG, pickElement } from '@/lib/cnc/teach/picker';

const host = () => document.querySelector(PICKER_TAG) as HTMLElement | null;

describe('teach: the picker overlay', () => {
  let button: HTMLButtonElement;
  beforeEach(() => {
    document.body.innerHTML = '<button id="approve">Genehmigen</button>';
    button = document.querySelector('#approve')!;
  });

  it('resolves with the element under the click, which the page never sees, and removes itself', async () => {
    const pageSaw = vi.fn();
    button.addEventListener('click', pageSaw);
    document.addEventListener('click', pageSaw);
    const picked = pickElement(document, { prompt: 'Click', hitTest: () => button });
    expect(host()).not.toBeNull();
    // Closed: the page's scripts cannot reach inside.
    expect(host()!.shadowRoot).toBeNull();
    expect(host()!.getAttribute('style')).toContain('z-index: 2147483647 !important');
    host()!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, button: 0, clientX: 5, clientY: 5 }));
    expect(await picked).toBe(button);
    expect(pageSaw).not.toHaveBeenCalled();
    expect(host()).toBeNull();
  });

  it('Esc ends the pick with nothing', async () => {
    const picked = pickElement(document, { prompt: 'Click', hitTest: () => button });
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(await picked).toBeNull();
    expect(host()).toBeNull();
  });

  it('the abort signal removes it', async () => {
    const controller = new AbortController();
    const picked = pickElement(document, { prompt: 'Click', hitTest: () => button, signal: controller.signal });
    controller.abort();
    expect(await picked).toBeNull();
    expect(host()).toBeNull();
  });
});
