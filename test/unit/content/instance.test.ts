// One live content-script instance per document (issue 13): with WXT's real ContentScriptContext, a newer
// instance invalidates the older one, and an older one invalidated while it starts starts nothing.
import { describe, expect, it } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startInstance } from '@/lib/content/instance';
import { reflectInstanceForTests } from '@/lib/page/e2e-probe';
import { vi } from 'vitest';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('startInstance', () => {
  it('an instance invalidated by a newer one while it starts gets no life, and the newer one lives', async () => {
    const first = new ContentScriptContext('content');
    const firstStartup = deferred();
    const firstLife = startInstance(first, () => firstStartup.promise);
    // The background's executeScript starts the script again while the first one awaits its startup.
    const second = new ContentScriptContext('content');
    expect(first.isValid).toBe(false);
    const secondLife = startInstance(second, async () => undefined);
    firstStartup.resolve();
    expect(await firstLife).toBeNull();
    const live = await secondLife;
    expect(live?.aborted).toBe(false);
    second.notifyInvalidated();
  });

  it('a live instance stops when a newer one starts', async () => {
    const first = new ContentScriptContext('content');
    const life = await startInstance(first, async () => undefined);
    expect(life?.aborted).toBe(false);
    const second = new ContentScriptContext('content');
    expect(life?.aborted).toBe(true);
    second.notifyInvalidated();
  });

  it('the test-only probe lists exactly the live instances', async () => {
    vi.stubEnv('WXT_E2E_PROBE', '1');
    delete document.documentElement.dataset.cncModeratorInstances;
    const count = () => (document.documentElement.dataset.cncModeratorInstances ?? '').split(' ').filter(Boolean).length;
    const start = async () => {
      const ctx = new ContentScriptContext('content');
      const startup = deferred();
      const life = startInstance(ctx, () => startup.promise).then((s) => s && (reflectInstanceForTests(s), s));
      return { ctx, startup, life };
    };
    const a = await start();
    const b = await start(); // invalidates a while a starts
    a.startup.resolve();
    b.startup.resolve();
    await Promise.all([a.life, b.life]);
    expect(count()).toBe(1);
    const c = await start(); // a newer one after b is live
    c.startup.resolve();
    await c.life;
    expect(count()).toBe(1);
    c.ctx.notifyInvalidated();
    expect(count()).toBe(0);
  });
});
