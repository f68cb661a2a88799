// Runs while the side panel's HTML is parsed, before its bundle loads (a classic script: Vite leaves it as it
// is). Starts reading the followed tab's saved Q&A head from storage.session at once, so that after a worker
// stop the queue is drawn as soon as the bundle runs (lib/panel/saved-head.ts reads and checks the values;
// entrypoints/sidepanel/main.tsx takes the promise). The keys are the worker's (lib/panel/saved-head.ts
// SAVED_RECORD_KEY, SAVED_HEAD_KEY: test/unit/messaging/saved-head.test.ts runs this file to keep them equal).
(() => {
  try {
    const api = globalThis.chrome;
    const area = api && api.storage && api.storage.session;
    if (!area) return;
    const pinned = Number(new URLSearchParams(location.search).get('tab'));
    const tab = Number.isInteger(pinned) && pinned > 0
      ? Promise.resolve(pinned)
      : api.tabs.query({ active: true, currentWindow: true }).then((tabs) => (tabs[0] ? tabs[0].id : undefined));
    const read = tab.then((tabId) =>
      tabId === undefined ? null : area.get(['tab:' + tabId, 'qna:' + tabId + ':h']).then((values) => ({ tabId, values })),
    );
    read.catch(() => undefined);
    globalThis.__cncSavedRead = read;
  } catch {
    // No early read: main.tsx reads it itself.
  }
})();
