// The panel's reactions: a port of its own to the background (REACTIONS_PORT) that follows the panel's
// tab, reconnects by itself (the same line as the main port: lib/messaging/panel-connection.ts) and holds
// the followed tab's reactions view in a signal.
import { signal, type ReadonlySignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { connectPanel, type PortLike } from '../messaging/panel-connection';
import type { PanelIntent, PanelToBackground } from '../contracts/protocol';
import { REACTIONS_PORT, type ReactionsAction, type ReactionsToPanel, type ReactionsView } from '../contracts/reactions';

export interface PanelReactions {
  view: ReadonlySignal<ReactionsView | null>;
  act(action: ReactionsAction): void;
  /**
   * Whether a view that shows the live meter is shown: hidden, the background sends the meter only when
   * its session or switch changes; shown again, it sends the whole view at once.
   */
  setShown(on: boolean): void;
}

/** Follows `tabId` (a signal: the panel may switch tabs); a new tab gets a new line. */
export function panelReactions(tabId: ReadonlySignal<number | null>): PanelReactions {
  const view = signal<ReactionsView | null>(null);
  let line: { tabId: number; send(m: PanelIntent): string; shown(on: boolean): void; close(): void } | null = null;
  let shown = true;
  const follow = (id: number | null) => {
    if (line?.tabId === id) return;
    line?.close();
    line = null;
    view.value = null;
    if (id === null) return;
    const connection = connectPanel(
      { type: 'follow', tabId: id },
      (message) => {
        const m = message as unknown as ReactionsToPanel;
        if (m.type === 'reactions' && m.tabId === id) view.value = m.view;
      },
      () => undefined,
      () => undefined,
      {
        connect: () => browser.runtime.connect({ name: REACTIONS_PORT }) as unknown as PortLike,
        newId: () => crypto.randomUUID(),
        setTimeout: (fn, ms) => setTimeout(fn, ms),
      },
    );
    const said = (on: boolean) => connection.standing({ type: 'reactions-shown', tabId: id, on } as unknown as PanelToBackground);
    line = { tabId: id, send: (m) => connection.send(m), shown: said, close: () => connection.close() };
    if (!shown) said(false);
  };
  tabId.subscribe(follow);
  return {
    view,
    setShown(on) {
      if (on === shown) return;
      shown = on;
      line?.shown(on);
    },
    act(action) {
      if (!line) return;
      // The reactions port's intent (lib/contracts/reactions.ts), queued and acknowledged like the main port's.
      line.send({ type: 'reactions-action', tabId: line.tabId, action } as unknown as PanelIntent);
    },
  };
}
