// Times as `<input type="datetime-local">` carries them (local wall-clock "YYYY-MM-DDTHH:mm"), and back.

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → "YYYY-MM-DDTHH:mm" in local time; '' for null. */
export function toLocalInput(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "YYYY-MM-DDTHH:mm[:ss]" (local time) → epoch ms; null for '' or an invalid value. */
export function fromLocalInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  return Number.isNaN(date.getTime()) || date.getMonth() !== Number(mo) - 1 ? null : date.getTime();
}

/** A short local time for the panel: "14:05:30" today, "3 May, 14:05" otherwise. */
export function formatClock(ms: number, now: number = ms): string {
  const d = new Date(ms);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : d.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
