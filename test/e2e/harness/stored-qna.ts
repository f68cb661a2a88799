// What the background holds for a tab's Q&A, read from storage.session as a restarted worker reads it: the
// manifest `qna:{tab}:m`, the chunks it names, then the change records from its `from` on
// (lib/session/qna/repository.ts). A row held twice in the chunks is returned twice, so doubles still show.
import type { ChromiumHarness } from './chromium';

export interface StoredQuestion {
  id: string;
  state: string;
  text: string;
}

export async function storedQuestions(h: ChromiumHarness, tabId: number): Promise<StoredQuestion[]> {
  return h.swEval(async (tab) => {
    const s = (globalThis as any).chrome.storage.session;
    const m = (await s.get(`qna:${tab}:m`))[`qna:${tab}:m`] as { chunks: Array<string | null>; from: number } | undefined;
    if (!m) return [];
    // No named inner functions: benches run through tsx, which names them with a helper the worker lacks.
    const rows: Array<{ id: string; state: string; text: string }> = [];
    const chunks = await s.get(m.chunks.filter(Boolean));
    // A chunk or delta is one JSON string (an earlier version stored the value itself).
    for (const key of m.chunks) if (key) rows.push(...((typeof chunks[key] === 'string' ? JSON.parse(chunks[key]) : chunks[key]) ?? []).map((q: { id: string; state: string; text: string }) => ({ id: q.id, state: q.state, text: q.text })));
    const byId = new Map<string, { id: string; state: string; text: string }>();
    const doubles: Array<{ id: string; state: string; text: string }> = [];
    for (const q of rows) {
      if (byId.has(q.id)) doubles.push(q);
      else byId.set(q.id, q);
    }
    for (let n = m.from; ; n++) {
      const value = (await s.get(`qna:${tab}:d:${n}`))[`qna:${tab}:d:${n}`];
      const delta = (typeof value === 'string' ? JSON.parse(value) : value) as
        | { up: Array<{ id: string; state: string; text: string }>; rm: string[] }
        | undefined;
      if (!delta) break;
      for (const q of delta.up) byId.set(q.id, { id: q.id, state: q.state, text: q.text });
      for (const id of delta.rm) byId.delete(id);
    }
    return [...byId.values(), ...doubles];
  }, tabId);
}
