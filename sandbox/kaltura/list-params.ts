/**
 * List helpers shared by list actions: the pager and relative times.
 * KALTURA.md §3: `cuePoint.list` returns up to 500 rows without a pager, 30 by default with one
 * (kaltura/server KalturaFilterPager pageSize default 30; CuePointService::listAction uses a
 * 500-row pager when none is given). Times within ±10 years are relative to now
 * (kaltura/server kTime / KalturaFilter relative-date handling).
 */
import { isParamObject, type ParamObject, type ParamValue } from './params.js';

export const DEFAULT_PAGE_SIZE = 30;
export const NO_PAGER_PAGE_SIZE = 500;
/** KalturaFilterPager::MAX_PAGE_SIZE. */
export const MAX_PAGE_SIZE = 500;
const TEN_YEARS = 10 * 365 * 24 * 3600;

export function obj(v: ParamValue | undefined): ParamObject | undefined {
  return isParamObject(v) ? v : undefined;
}

export function page<T>(rows: T[], pager: ParamObject | undefined): T[] {
  if (!pager) return rows.slice(0, NO_PAGER_PAGE_SIZE);
  const rawSize = Number(pager.pageSize ?? DEFAULT_PAGE_SIZE);
  const size = Math.min(Number.isFinite(rawSize) && rawSize > 0 ? Math.trunc(rawSize) : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const rawIndex = Number(pager.pageIndex ?? 1);
  const index = Number.isFinite(rawIndex) && rawIndex > 0 ? Math.trunc(rawIndex) : 1;
  return rows.slice((index - 1) * size, index * size);
}

/** A filter time: within ±10 years it means now + value. */
export function absoluteTime(value: ParamValue | undefined, now: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) return undefined;
  return Math.abs(n) <= TEN_YEARS ? now + Math.trunc(n) : Math.trunc(n);
}

export function csv(value: ParamValue | undefined): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return String(value).split(',').map((s) => s.trim()).filter(Boolean);
}

/** Kaltura booleans arrive as true/false, 1/0 or "true"/"1". */
export function bool(value: ParamValue | undefined): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const s = String(value).toLowerCase();
  return s === '1' || s === 'true';
}
