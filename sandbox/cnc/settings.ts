/** Default and merged per-session settings (see types.ts CncSettings). */
import { MODULES, type CncSettings, type ModuleName, type QnaBackend } from './types.js';

export function defaultSettings(backend: QnaBackend = 'cnc'): CncSettings {
  return {
    modules: { chat: true, qna: true, polls: true, announcements: true, reactions: true },
    // Large sessions run with moderation on: the pending queue is the moderator's main job (MODERATION.md #1).
    qnaModeration: true,
    anonymousAllowed: true,
    chatBeforeStart: true,
    chatAfterEnd: false,
    qnaBackend: backend,
  };
}

/** Apply a partial update; unknown keys and wrong types are ignored, never stored. */
export function mergeSettings(current: CncSettings, patch: unknown): CncSettings {
  const next: CncSettings = { ...current, modules: { ...current.modules } };
  if (!patch || typeof patch !== 'object') return next;
  const p = patch as Record<string, unknown>;
  if (p.modules && typeof p.modules === 'object') {
    for (const m of MODULES) {
      const v = (p.modules as Record<string, unknown>)[m];
      if (typeof v === 'boolean') next.modules[m as ModuleName] = v;
    }
  }
  for (const k of ['qnaModeration', 'anonymousAllowed', 'chatBeforeStart', 'chatAfterEnd'] as const) {
    if (typeof p[k] === 'boolean') next[k] = p[k];
  }
  if (p.qnaBackend === 'cnc' || p.qnaBackend === 'webcast') next.qnaBackend = p.qnaBackend;
  return next;
}
