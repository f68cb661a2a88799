import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { NotifyControls } from '@/components/NotifyControls';
import { DEFAULT_NOTIFY_SETTINGS } from '@/lib/notify/notify-policy';

describe('NotifyControls', () => {
  it('mutes and unmutes this session only, and sets the urgency threshold', () => {
    const root = document.body.appendChild(document.createElement('div'));
    const onChange = vi.fn();
    render(<NotifyControls settings={{ ...DEFAULT_NOTIFY_SETTINGS, muted: ['other'] }} entryId="1_a" onChange={onChange} />, root);
    root.querySelector<HTMLInputElement>('[data-testid="notify-mute"]')!.click();
    expect(onChange).toHaveBeenLastCalledWith({ muted: ['other', '1_a'] });
    const select = root.querySelector<HTMLSelectElement>('[data-testid="notify-urgent"]')!;
    select.value = '5';
    select.dispatchEvent(new Event('change'));
    expect(onChange).toHaveBeenLastCalledWith({ urgentAfterMs: 300_000 });
    render(<NotifyControls settings={{ ...DEFAULT_NOTIFY_SETTINGS, muted: ['other', '1_a'] }} entryId="1_a" onChange={onChange} />, root);
    expect(root.querySelector<HTMLInputElement>('[data-testid="notify-mute"]')!.checked).toBe(true);
    root.querySelector<HTMLInputElement>('[data-testid="notify-mute"]')!.click();
    expect(onChange).toHaveBeenLastCalledWith({ muted: ['other'] });
  });

  it('renders nothing before the settings arrive', () => {
    const root = document.createElement('div');
    render(<NotifyControls settings={null} entryId="1_a" onChange={() => undefined} />, root);
    expect(root.innerHTML).toBe('');
  });
});
