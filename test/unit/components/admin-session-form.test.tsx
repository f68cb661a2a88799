// The ADMIN session form of the webcast Q&A: a refused token keeps what was typed, the session's end shows
// its date, and an expired session says so and offers its token id to connect again.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdminSessionForm } from '@/components/AdminSessionForm';
import type { AdminStatus } from '@/lib/contracts/admin';

afterEach(() => {
  document.body.innerHTML = '';
});

function mount(status: AdminStatus | null) {
  const root = document.createElement('div');
  document.body.append(root);
  const onConnect = vi.fn();
  const draw = (s: AdminStatus | null) =>
    act(() => render(<AdminSessionForm status={s} moderating={false} onConnect={onConnect} onForget={() => {}} onStartWebcast={() => {}} />, root));
  draw(status);
  const tid = <T extends HTMLElement = HTMLInputElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`);
  return { root, tid, onConnect, draw };
}

describe('AdminSessionForm', () => {
  it('keeps the typed fields when Kaltura refuses the token', () => {
    const v = mount({ partnerId: 1, connected: false });
    v.tid('admin-token-id')!.value = '1_tokenid';
    v.tid('admin-token')!.value = 'bogus';
    act(() => v.tid<HTMLButtonElement>('admin-connect')!.click());
    expect(v.onConnect).toHaveBeenCalledWith({ kind: 'app-token', id: '1_tokenid', token: 'bogus', userId: undefined }, false);
    v.draw({ partnerId: 1, connected: false, error: 'Kaltura refused the app token: bad hash' });
    expect(v.tid('admin-error')!.textContent).toContain('refused');
    expect(v.tid('admin-token-id')!.value).toBe('1_tokenid');
    expect(v.tid('admin-token')!.value).toBe('bogus');
  });

  it('shows when the session ends with its date', () => {
    const end = new Date(2026, 10, 30, 15, 40);
    const v = mount({ partnerId: 1, connected: true, userId: 'admin-1', expiresAt: end.getTime() / 1000 });
    expect(v.tid('admin-status')!.textContent).toContain(end.toLocaleDateString(undefined, { month: 'short', day: 'numeric' }));
    expect(v.tid('admin-status')!.textContent).toContain('2026');
  });

  it('says an expired session expired, with its date, and keeps its token id to connect again', () => {
    const at = new Date(2026, 10, 29, 9, 5);
    const v = mount({ partnerId: 1, connected: false, expiredAt: at.getTime() / 1000, tokenId: '1_tokenid' });
    expect(v.tid('admin-expired')!.textContent).toMatch(/^The admin session expired on .*2026.*: connect again\./);
    expect(v.tid('admin-token-id')!.value).toBe('1_tokenid');
  });
});
