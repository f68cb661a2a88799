import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { AdminSessionForm } from '@/components/AdminSessionForm';
import { EXPIRED_TEXT } from '@/lib/session/admin-sessions';

describe('AdminSessionForm', () => {
  it('an expired session: says so first, keeps who it was and the remember choice, and connects again', () => {
    const root = document.body.appendChild(document.createElement('div'));
    const onConnect = vi.fn();
    render(
      <AdminSessionForm
        status={{ partnerId: 1, connected: false, expired: true, userId: 'ops<b>', remembered: true, error: EXPIRED_TEXT }}
        moderating={false}
        onConnect={onConnect}
        onForget={() => undefined}
        onStartWebcast={() => undefined}
      />,
      root,
    );
    const expired = root.querySelector('[data-testid="admin-expired"]')!;
    expect(expired.textContent).toContain('The admin session of ops<b> expired: connect again');
    expect(expired.getAttribute('role')).toBe('alert');
    expect(expired.querySelector('b')).toBeNull(); // the user id is text
    // One message, not the same news twice.
    expect(root.querySelector('[data-testid="admin-error"]')).toBeNull();
    expect(root.querySelector<HTMLInputElement>('[data-testid="admin-remember"]')!.checked).toBe(true);
    act(() => root.querySelectorAll<HTMLInputElement>('input[type="radio"]')[1]!.click());
    root.querySelector<HTMLInputElement>('[data-testid="admin-ks"]')!.value = 'djJ8new';
    root.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
    expect(onConnect).toHaveBeenCalledWith({ kind: 'ks', ks: 'djJ8new' }, true);
  });

  it('a plain disconnected state shows no expiry', () => {
    const root = document.createElement('div');
    render(<AdminSessionForm status={{ partnerId: 1, connected: false }} moderating={false} onConnect={() => undefined} onForget={() => undefined} onStartWebcast={() => undefined} />, root);
    expect(root.querySelector('[data-testid="admin-expired"]')).toBeNull();
    expect(root.querySelector<HTMLInputElement>('[data-testid="admin-remember"]')!.checked).toBe(false);
  });
});
