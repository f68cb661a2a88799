// Announcements as the moderator meets them (issue 14): no "Pin it" where the widget cannot pin (and why);
// a send that fails keeps the text and is not listed under "Sent"; templates can be edited and deleted; a
// template never replaces typed text without asking. And (issue 13) a send, and a pinned send where the
// widget offers it, through BOTH sandbox widgets, each acted on by its own bundled profile: kep-2026 (v1
// shape: one fill, one click) and kep-variant (steps: a compose dialog, a "pin" checkbox, a confirmation
// dialog, German labels, in a shadow root), checked against the sandbox's server truth.
// Run: npm run build && E2E_SKIP_BUILD=1 npx vitest run -c test/e2e/vitest.config.ts test/e2e/announcements.e2e.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/server';
import { ChromiumHarness } from './harness/chromium';
import { CNC_ENTRY, moderatorUrl, openModeration, QNA_WIDGETS, startQnaSandbox, uniqueTag, type Moderation, type QnaWidget } from './harness/qna';
import { waitFor } from './harness/wait';

/** The sandbox (with one widget), Chromium with the extension, and the panel at 380 px on Announcements. */
async function openAnnouncements(widget?: QnaWidget): Promise<{ sb: Sandbox; h: ChromiumHarness; m: Moderation; page: Page }> {
  const sb = await startQnaSandbox(widget);
  const h = await ChromiumHarness.launch({ sandboxPort: sb.port });
  const m = widget ? await openModeration(h, moderatorUrl(), widget) : await openModeration(h);
  const page = m.panel.page;
  await page.setViewportSize({ width: 380, height: 900 });
  await page.waitForSelector('[data-testid="view-announcements"]', { timeout: 15_000 });
  await page.click('[data-testid="view-announcements"]');
  await page.waitForSelector('[data-testid="ann-composer"]', { timeout: 15_000 });
  return { sb, h, m, page };
}

describe('announcements in the panel', () => {
  let sb: Sandbox;
  let h: ChromiumHarness;
  let m: Moderation;
  let page: Page;

  beforeAll(async () => {
    ({ sb, h, m, page } = await openAnnouncements());
  });

  afterAll(async () => {
    await h?.close();
    await sb?.close();
  });

  const sentTexts = () => page.locator('[data-testid="ann-history-item"][data-result="sent"] [data-testid="ann-history-text"]').allTextContents();
  const announced = () => sb.control.truth(CNC_ENTRY).announcements.map((a: { text: string }) => a.text);

  it('this widget has no pin control: "Pin it" is not offered, and the panel says why', async () => {
    expect(await page.locator('[data-testid="ann-pin"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="ann-pin-absent"]')).toMatch(/no pin control/);
  });

  it('a send that fails keeps the text, shows why, and is not listed under "Sent"; sent later, it empties the composer', async () => {
    const text = 'Lunch is served in hall B.';
    sb.faults.cut(15_000);
    await waitFor('the widget offline', () => m.page.getAttribute('#kep-widget-1', 'data-kep-connection'), (c) => c !== 'live', { timeout: 10_000 });
    await page.fill('[data-testid="ann-text"]', text);
    await page.click('[data-testid="ann-send"]');
    await page.waitForSelector('[data-testid="ann-send-error"]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="ann-send-error"]')).toMatch(/^Not sent: /);
    await waitFor('the composer usable again', () => page.locator('[data-testid="ann-text"]').evaluate((el) => (el as HTMLTextAreaElement).readOnly), (ro) => !ro);
    expect(await page.inputValue('[data-testid="ann-text"]')).toBe(text);
    expect(await sentTexts()).not.toContain(text);
    expect(announced()).not.toContain(text);

    // Back online, the same text goes out; the composer empties and it is listed under "Sent" once.
    sb.faults.reset();
    await m.page.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 20_000 });
    await page.click('[data-testid="ann-send"]');
    await waitFor('the announcement under "Sent"', sentTexts, (t) => t.includes(text), { timeout: 20_000 });
    await waitFor('the composer emptied', () => page.inputValue('[data-testid="ann-text"]'), (v) => v === '');
    expect((await sentTexts()).filter((t) => t === text)).toHaveLength(1);
    expect(await page.locator('[data-testid="ann-send-error"]').count()).toBe(0);
  });

  it('a template never replaces typed text without asking; templates can be edited and deleted', async () => {
    await page.fill('[data-testid="ann-text"]', 'My own words');
    const first = (await page.locator('[data-testid="ann-template"] option').first().textContent())!;
    await page.click('[data-testid="ann-template-use"]');
    await page.waitForSelector('[data-testid="ann-template-replace-ask"]');
    expect(await page.inputValue('[data-testid="ann-text"]')).toBe('My own words');
    await page.click('[data-testid="ann-template-keep"]');
    expect(await page.inputValue('[data-testid="ann-text"]')).toBe('My own words');

    // Edit the first template: its name and text change in place.
    await page.click('[data-testid="ann-template-edit"]');
    expect(await page.inputValue('[data-testid="ann-template-edit-name"]')).toBe(first);
    await page.fill('[data-testid="ann-template-edit-name"]', 'Short break');
    await page.fill('[data-testid="ann-template-edit-text"]', 'Five minutes, back soon!');
    await page.click('[data-testid="ann-template-edit-save"]');
    const names = () => page.locator('[data-testid="ann-template"] option').allTextContents();
    await waitFor('the edited template', names, (n) => n[0] === 'Short break' && !n.includes(first));
    await page.click('[data-testid="ann-template-use"]');
    await page.click('[data-testid="ann-template-replace"]');
    expect(await page.inputValue('[data-testid="ann-text"]')).toBe('Five minutes, back soon!');

    // Delete it, after saying yes.
    const before = (await names()).length;
    await page.click('[data-testid="ann-template-delete"]');
    expect(await page.textContent('[data-testid="ann-template-delete-ask"]')).toContain('Short break');
    await page.click('[data-testid="ann-template-delete-confirm"]');
    await waitFor('the template deleted', names, (n) => n.length === before - 1 && !n.includes('Short break'));
  });
});

describe.each(QNA_WIDGETS)('announcing through the %s widget', (widget: QnaWidget) => {
  let sb: Sandbox;
  let h: ChromiumHarness;
  let m: Moderation;
  let page: Page;
  /** The variant offers "Anheften"; kep-2026 has no pin control. */
  const pinOffered = widget === 'kep-variant';

  beforeAll(async () => {
    ({ sb, h, m, page } = await openAnnouncements(widget));
  });

  afterAll(async () => {
    await h?.close();
    await sb?.close();
  });

  const truth = () => sb.control.truth(CNC_ENTRY).announcements as Array<{ text: string; pinned?: boolean }>;
  const sentTexts = () => page.locator('[data-testid="ann-history-item"][data-result="sent"] [data-testid="ann-history-text"]').allTextContents();
  /** What the widget lists, as the moderator sees it on the event page (through its shadow root if any). */
  const widgetTexts = () =>
    m.page.evaluate((w) => {
      if (w === 'kep-2026') return Array.from(document.querySelectorAll('.kep-announcement .kep-text')).map((e) => e.textContent ?? '');
      const shadow = document.querySelector('cnc-moderation')?.shadowRoot;
      return Array.from(shadow?.querySelectorAll('.ankuendigung') ?? []).map((e) => e.textContent ?? '');
    }, widget);

  async function send(text: string, pin: boolean): Promise<void> {
    await page.fill('[data-testid="ann-text"]', text);
    if (pin) await page.check('[data-testid="ann-pin"]');
    await page.click('[data-testid="ann-send"]');
    await waitFor('the announcement under "Sent"', sentTexts, (t) => t.includes(text), { timeout: 20_000 });
  }

  it('sends: the server has it (not pinned), the widget lists it, the panel lists it under "Sent"', async () => {
    const text = `${uniqueTag('A')} Die Keynote beginnt in 5 Minuten.`;
    await send(text, false);
    const got = truth().filter((a) => a.text === text);
    expect(got).toHaveLength(1);
    expect(got[0]!.pinned ?? false).toBe(false);
    expect((await widgetTexts()).some((t) => t.includes(text))).toBe(true);
    expect(await page.locator('[data-testid="ann-send-error"]').count()).toBe(0);
  });

  it(pinOffered ? 'sends pinned: the server has it pinned, the widget shows it pinned on top' : 'offers no pin, and says why', async () => {
    if (!pinOffered) {
      expect(await page.locator('[data-testid="ann-pin"]').count()).toBe(0);
      expect(await page.textContent('[data-testid="ann-pin-absent"]')).toMatch(/no pin control/);
      return;
    }
    expect(await page.locator('[data-testid="ann-pin-absent"]').count()).toBe(0);
    const text = `${uniqueTag('P')} Bitte die Umfrage ausfüllen.`;
    await send(text, true);
    const got = truth().filter((a) => a.text === text);
    expect(got).toHaveLength(1);
    expect(got[0]!.pinned).toBe(true);
    await waitFor('the widget listing it pinned, first', widgetTexts, (t) => (t[0] ?? '').startsWith('Angeheftet') && t[0]!.includes(text));
  });
});
