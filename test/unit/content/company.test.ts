import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Company } from '@/lib/content/company';

describe('Company: reports join a hold that is open', () => {
  let life: AbortController;
  let posted: string[];
  let riders: Set<() => void>;
  let openUntil: number | null;
  let company: Company;

  /** Another feature's post: the port calls its riders first, as ReportPort does. */
  const otherPost = (name: string) => {
    for (const ride of [...riders]) ride();
    posted.push(name);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    life = new AbortController();
    posted = [];
    riders = new Set();
    openUntil = null;
    company = new Company({
      post: (m) => {
        posted.push(m as string);
        return Promise.resolve(true);
      },
      riding: (ride) => {
        riders.add(ride);
        return () => void riders.delete(ride);
      },
      openUntil: () => openUntil,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
      signal: life.signal,
    });
  });
  afterEach(() => {
    life.abort();
    vi.useRealTimers();
  });

  it('posts at once when no hold is open (a Q&A alone waits for nothing)', () => {
    void company.send('q1', true);
    expect(posted).toEqual(['q1']);
  });

  it('while the chat holds messages, a report waits and goes in the chat’s post, in order', async () => {
    openUntil = Date.now() + 150;
    const delivered = company.send('q1', true);
    void company.send('r1', true);
    expect(posted).toEqual([]);
    vi.advanceTimersByTime(40);
    otherPost('chat');
    expect(posted).toEqual(['q1', 'r1', 'chat']);
    await expect(delivered).resolves.toBe(true);
  });

  it('goes when the open hold ends if no post came, and nothing is held longer', () => {
    openUntil = Date.now() + 150;
    void company.send('q1', true);
    vi.advanceTimersByTime(150);
    expect(posted).toEqual([]);
    vi.advanceTimersByTime(5);
    expect(posted).toEqual(['q1']);
  });

  it('a report that may not wait goes at once, after what waits', () => {
    openUntil = Date.now() + 150;
    void company.send('q1', true);
    void company.send('rescan-answer', false);
    expect(posted).toEqual(['q1', 'rescan-answer']);
  });

  it('what waits goes when the content script’s life ends', () => {
    openUntil = Date.now() + 150;
    void company.send('q1', true);
    life.abort();
    expect(posted).toEqual(['q1']);
  });
});
