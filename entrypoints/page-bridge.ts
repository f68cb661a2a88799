// MAIN-world script, injected by the content script: reads the page's Kaltura globals when asked.
// It only reads; it changes nothing on the page. Channel and nonce: lib/messaging/bridge.ts.
import { FROM_BRIDGE, TO_BRIDGE, parseToBridge, type FromBridge } from '@/lib/messaging/bridge';
import { readGlobals } from '@/lib/page/read-globals';

export default defineUnlistedScript(() => {
  const script = document.currentScript;
  const nonce = script?.dataset.nonce;
  if (!script || !nonce) return;
  delete script.dataset.nonce;

  const send = (message: FromBridge) => script.dispatchEvent(new CustomEvent(FROM_BRIDGE, { detail: JSON.stringify(message) }));
  const answer = () => send({ nonce, type: 'globals', globals: readGlobals(window as unknown as Record<string, unknown>) });

  script.addEventListener(TO_BRIDGE, (event) => {
    if (parseToBridge((event as CustomEvent).detail, nonce)) answer();
  });
  answer();
});
