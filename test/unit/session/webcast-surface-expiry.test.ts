// The webcast surface when Kaltura refuses the ADMIN session: the moderator is told it expired and to
// connect again (never Kaltura's message, which quotes the KS), the refusal is reported once, and a session
// connected since is picked up by the running surface.
import { describe, expect, it, vi } from 'vitest';
import { KalturaApiError } from '@/lib/kaltura/api';
import type { WebcastQnaClient } from '@/lib/kaltura/qna/client';
import { WebcastSurface } from '@/lib/session/qna/webcast-surface';

const SECRET_KS = 'djJ8MTIzNDU2N3xzZWNyZXQ=';

function surface(sync: () => Promise<unknown>, hooks: ConstructorParameters<typeof WebcastSurface>[3] = {}) {
  const client = { sync: vi.fn(sync) } as unknown as WebcastQnaClient;
  return new WebcastSurface(client, '1_webcast3', 'mod-a', hooks);
}

describe('WebcastSurface and an expired ADMIN session', () => {
  it('says the session expired and to connect again, without the KS, and reports the refusal', async () => {
    const onAdminRefused = vi.fn();
    const s = surface(
      () => Promise.reject(new KalturaApiError('INVALID_KS', `Reading the Q&A: Invalid KS [${SECRET_KS}]. Error [-5,EXPIRED]`, { KSID: SECRET_KS, ERR_CODE: '-5', ERR_DESC: 'EXPIRED' })),
      { onAdminRefused },
    );
    const error = await s.poll().catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('The admin session expired: connect again in “This page”.');
    expect((error as Error).message).not.toContain(SECRET_KS);
    expect(onAdminRefused).toHaveBeenCalledTimes(1);
  });

  it('passes other failures through unchanged', async () => {
    const onAdminRefused = vi.fn();
    const s = surface(() => Promise.reject(new Error('network down')), { onAdminRefused });
    await expect(s.poll()).rejects.toThrow('network down');
    expect(onAdminRefused).not.toHaveBeenCalled();
  });

  it('refreshes the session before each poll', async () => {
    const order: string[] = [];
    const s = surface(
      async () => {
        order.push('sync');
        return { threads: { questions: new Map(), annotations: new Map() }, cursor: 1, changed: [] };
      },
      { refreshSession: async () => void order.push('refresh') },
    );
    await s.poll();
    expect(order).toEqual(['refresh', 'sync']);
  });
});
