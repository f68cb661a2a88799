// One live content-script instance per document (issue 13).
//
// The content script can start twice in one document: the manifest's content script and the background's
// scripting.executeScript (a custom origin granted from the panel, or the extension installed or updated
// while Kaltura tabs are open: lib/platform/origins.ts) both run it. WXT's ContentScriptContext settles
// which one lives: a starting instance invalidates any older instance of the same script in this world,
// synchronously, before its own main() runs. The older one then has to stop everything it runs, including
// when it is invalidated during its own startup: an abort listener added after the abort never fires, so
// an instance that tied its life to the context only after an await went on living with a dead context.
// That is what put two teach pickers on one page (two instances answering every panel message).

export interface InstanceContext {
  onInvalidated(cb: () => void): unknown;
}

/**
 * Ties this instance's life to its context before anything else, then runs `startup`. Resolves with the
 * life's signal (aborted when the context is invalidated: a newer instance, an extension reload or update),
 * or with null when the instance was invalidated while it started: then it must start nothing.
 */
export async function startInstance(ctx: InstanceContext, startup: () => Promise<void>): Promise<AbortSignal | null> {
  const life = new AbortController();
  ctx.onInvalidated(() => life.abort());
  await startup();
  return life.signal.aborted ? null : life.signal;
}
