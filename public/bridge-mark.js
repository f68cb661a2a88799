// ISOLATED-world companion of the page bridge (entrypoints/page-bridge.content.ts), on the same matches at
// the same moment (document_start): it marks, where the page cannot see it, that this document has our
// bridge, so an injection while the page still loads adds no second one (lib/platform/injection.ts). A plain
// file, not a WXT content script: the wrapper and the browser polyfill would be 13 KB on every page for one
// assignment. The name is BRIDGE_MARK (lib/platform/bridge-mark.ts); a unit test checks they agree.
globalThis.__cncModeratorPageBridge = true;
