// A lazily loaded part (components/lazy.tsx): what the moderator sees while its chunk loads, when it cannot
// load, and that opening it again tries again.
import { afterEach, describe, expect, it } from 'vitest';
import { loaded, mountUi } from './render';
import { lazyView } from '@/components/lazy';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const Real = ({ name }: { name: string }) => <p data-testid="real">Hello {name}</p>;

describe('lazyView', () => {
  let unmount: (() => void) | null = null;
  afterEach(() => {
    unmount?.();
    unmount = null;
  });

  it('says it is loading, then shows the view with its props', async () => {
    const chunk = deferred<typeof Real>();
    const Lazy = lazyView(() => chunk.promise, 'greeting view');
    const v = mountUi(<Lazy name="Dana" />);
    unmount = v.unmount;
    const status = v.$('[role="status"]')!;
    expect(status.textContent).toBe('Loading the greeting view…');
    chunk.resolve(Real);
    expect((await loaded(() => v.tid('real'))).textContent).toBe('Hello Dana');
    expect(v.$('[role="status"]')).toBeNull();
  });

  it('says plainly when the chunk cannot load, and tries again when the view opens again', async () => {
    let attempts = 0;
    const Lazy = lazyView(() => (++attempts === 1 ? Promise.reject(new Error('chunk missing')) : Promise.resolve(Real)), 'greeting view');
    const first = mountUi(<Lazy name="Dana" />);
    const alert = await loaded(() => first.$('[role="alert"]'));
    expect(alert.textContent).toBe('The greeting view could not load: chunk missing');
    first.unmount();
    const again = mountUi(<Lazy name="Dana" />);
    unmount = again.unmount;
    expect((await loaded(() => again.tid('real'))).textContent).toBe('Hello Dana');
    expect(attempts).toBe(2);
  });

  it('loads its chunk once for every place it is shown', async () => {
    let attempts = 0;
    const Lazy = lazyView(() => (attempts++, Promise.resolve(Real)), 'greeting view');
    const a = mountUi(<Lazy name="A" />);
    const b = mountUi(<Lazy name="B" />);
    await loaded(() => a.tid('real'));
    await loaded(() => b.tid('real'));
    expect(attempts).toBe(1);
    a.unmount();
    b.unmount();
  });
});
