// ISOLATED-world companion of the page bridge (page-bridge.content.ts), registered on the same matches at the
// same moment (document_start): it marks, where the page cannot see it, that this document has our bridge,
// so that an injection while the page still loads (an install or update, a grant) adds no second one
// (lib/platform/injection.ts). The content script marks too, at document_idle, for documents older than this.
import { CONTENT_MATCHES } from '@/lib/content/matches';
import { markPageBridge } from '@/lib/platform/bridge-mark';

export default defineContentScript({
  matches: CONTENT_MATCHES,
  runAt: 'document_start',
  // No global variable in the isolated world beyond the mark itself.
  globalName: false,
  main() {
    markPageBridge();
  },
});
