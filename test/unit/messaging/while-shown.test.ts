import { describe, expect, it } from 'vitest';
import { effect, signal } from '@preact/signals';
import { whileShown } from '@/lib/panel/while-shown';

describe('whileShown: a hidden view does not follow a busy signal', () => {
  it('follows while shown, holds while hidden (no wake-ups), gives the latest when shown again', () => {
    const source = signal(1);
    const shown = signal(true);
    const gated = whileShown(source, shown);
    const seen: number[] = [];
    const stop = effect(() => void seen.push(gated.value));
    source.value = 2;
    expect(seen).toEqual([1, 2]);
    shown.value = false;
    for (let i = 3; i < 50; i++) source.value = i;
    expect(gated.value).toBe(2);
    expect(seen).toEqual([1, 2]);
    shown.value = true;
    expect(seen).toEqual([1, 2, 49]);
    source.value = 50;
    expect(seen).toEqual([1, 2, 49, 50]);
    stop();
  });
});

describe('streamsShown: what of the busy streams a panel shows', () => {
  it('the chat with the Chat view, the report or a person card; the live meter with its view, settings or the report', async () => {
    const { streamsShown } = await import('@/lib/panel/while-shown');
    expect(streamsShown('qna', false)).toEqual({ chat: false, reactions: false });
    expect(streamsShown('qna', true)).toEqual({ chat: true, reactions: false });
    expect(streamsShown('chat', false)).toEqual({ chat: true, reactions: false });
    expect(streamsShown('report', false)).toEqual({ chat: true, reactions: true });
    expect(streamsShown('reactions', false)).toEqual({ chat: false, reactions: true });
    expect(streamsShown('settings', false)).toEqual({ chat: false, reactions: true });
  });
});
