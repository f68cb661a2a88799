// The panel's reactions: a port of its own to the background (REACTIONS_PORT) that follows the panel's
// tab, reconnects by itself (the same line as the main port: lib/messaging/panel-connection.ts) and holds
// the followed tab's reactions view in a signal.
import { signal, type ReadonlySignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { connectPanel, type PortLike } from '../messaging/panel-connection';
import type { PanelIntent } from '../contracts/protocol';
import { REACTIONS_PORT, type ReactionsAction, type ReactionsToPanel, type ReactionsView } from '../contracts/reactions';

export interface PanelReactions {
  view: ReadonlySignal<ReactionsView | null>;
  act(action: ReactionsAction): void;
}

/** Follows `tabId` (a signal: the panel may switch tabs); a new tab gets a new line. */
export function panelReactions(tabId: ReadonlySignal<number | null>): PanelReactions {
  const view = signal<ReactionsView | null>(null);
  let line: { tabId: number; send(m: PanelIntent): string; close(): void } | null = null;
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
    line = { tabId: id, send: (m) => connection.send(m), close: () => connection.close() };
  };
  tabId.subscribe(follow);
  return {
    view,
    act(action) {
      if (!line) return;
      // The reactions port's intent (lib/contracts/reactions.ts), queued and acknowledged like the main port's.
      line.send({ type: 'reactions-action', tabId: line.tabId, action } as unknown as PanelIntent);
    },
  };
}
