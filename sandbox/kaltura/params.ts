/**
 * API v3 request parameters: where they come from and how they nest.
 *
 * KALTURA.md §3 "Wire details that bite" (kaltura/server infraRequestUtils / KalturaFrontController):
 * - path pairs `/service/X/action/Y/...` override the query string, which overrides the body;
 * - a body is JSON only when Content-Type is exactly `application/json` (`; charset=utf-8` → ignored);
 * - form and query keys nest with `a[b][c]` or `a:b:c` (multirequest parts are `1:service`, …).
 */
export type ParamValue = string | number | boolean | null | ParamObject | ParamValue[];
export interface ParamObject {
  [key: string]: ParamValue;
}

export function isParamObject(v: unknown): v is ParamObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `a[b][c]` and `a:b:c` (and mixes such as `1:filter[objectType]`) → ['a','b','c']. */
export function splitKey(key: string): string[] {
  const parts: string[] = [];
  const bracket = key.indexOf('[');
  const head = bracket >= 0 ? key.slice(0, bracket) : key;
  parts.push(...head.split(':'));
  if (bracket >= 0) {
    const re = /\[([^\]]*)\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(key.slice(bracket))) !== null) parts.push(...(m[1] ?? '').split(':'));
  }
  return parts.filter((p, i) => p !== '' || i === 0);
}

/** Set a value at a nested path, creating objects on the way; a scalar in the way is replaced. */
export function setPath(target: ParamObject, path: string[], value: ParamValue): void {
  if (path.length === 0) return;
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    const next = node[k];
    if (!isParamObject(next)) node[k] = {};
    node = node[k] as ParamObject;
  }
  node[path[path.length - 1]!] = value;
}

/** Parse `application/x-www-form-urlencoded` text (also a query string) into nested params. */
export function parseFormEncoded(text: string): ParamObject {
  const out: ParamObject = {};
  new URLSearchParams(text).forEach((value, key) => {
    if (key !== '') setPath(out, splitKey(key), value);
  });
  return out;
}

/**
 * JSON body keys may themselves use `a:b` nesting (the multirequest form `"1:service"` in JSON);
 * flatten those into the same shape the form parser produces.
 */
export function normalizeJson(value: unknown): ParamObject {
  const out: ParamObject = {};
  if (!isParamObject(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    const norm: ParamValue = isParamObject(v) ? normalizeJson(v) : (v as ParamValue);
    const path = splitKey(key);
    const existing = getPath(out, path);
    setPath(out, path, isParamObject(existing) && isParamObject(norm) ? deepMerge(existing, norm) : norm);
  }
  return out;
}

/** Path pairs after `/api_v3/`: `/service/session/action/start/format/1` → {service, action, format}. */
export function parsePathPairs(pathAfterApi: string): ParamObject {
  const out: ParamObject = {};
  const segs = pathAfterApi.split('/').filter(Boolean).map(safeDecode);
  // `/service/multirequest` is simply one pair; an odd trailing segment (e.g. `index.php`) is ignored.
  for (let i = 0; i + 1 < segs.length; i += 2) setPath(out, splitKey(segs[i]!), segs[i + 1]!);
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Later sources win; objects merge key by key (so `filter[a]` from the query keeps the body's `filter[b]`). */
export function deepMerge(...sources: ParamObject[]): ParamObject {
  const out: ParamObject = {};
  for (const src of sources) {
    for (const [k, v] of Object.entries(src)) {
      const cur = out[k];
      out[k] = isParamObject(cur) && isParamObject(v) ? deepMerge(cur, v) : v;
    }
  }
  return out;
}

export function getPath(obj: ParamValue | undefined, path: string[]): ParamValue | undefined {
  let node: ParamValue | undefined = obj;
  for (const k of path) {
    if (Array.isArray(node)) node = node[Number(k)];
    else if (isParamObject(node)) node = node[k];
    else return undefined;
  }
  return node;
}

/** Body parsing by content type. Only the exact `application/json` type means JSON (KALTURA.md §3). */
export function parseBody(contentType: string | undefined, body: string): ParamObject {
  const type = (contentType ?? '').trim().toLowerCase();
  if (type === 'application/json') {
    try {
      return normalizeJson(JSON.parse(body));
    } catch {
      return {};
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return parseFormEncoded(body);
  return {};
}

/** All parameters of one HTTP request, by precedence path > query > body. */
export function collectParams(pathAfterApi: string, query: string, contentType: string | undefined, body: string): ParamObject {
  return deepMerge(parseBody(contentType, body), parseFormEncoded(query), parsePathPairs(pathAfterApi));
}

// Typed readers. Kaltura coerces strings to the declared type; so do these.
export function str(p: ParamObject, key: string): string | undefined {
  const v = p[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function int(p: ParamObject, key: string): number | undefined {
  const s = str(p, key);
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}
