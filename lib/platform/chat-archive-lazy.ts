// The panel's chat archive reader, loaded with its first use (the report's): `idb` and the reads stay out of
// the panel's first chunk, which every view waits for.
import type { ChatArchiveReader } from './chat-archive';

export function lazyChatArchiveReader(): ChatArchiveReader {
  let loading: Promise<ChatArchiveReader> | null = null;
  const reader = () => (loading ??= import('./chat-archive').then((m) => m.chatArchiveReader()).catch((e: unknown) => {
    loading = null;
    throw e;
  }));
  return {
    status: async (s) => (await reader()).status(s),
    async *read(s) {
      yield* (await reader()).read(s);
    },
    deleteSession: async (s) => (await reader()).deleteSession(s),
  };
}
