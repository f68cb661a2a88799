/**
 * Minimal XML rendering of API v3 results, for callers that omit `format=1` (the API's default
 * format is XML: `<xml><result>…</result><executionTime>…</executionTime></xml>`).
 * Objects become child elements, arrays `<item>` lists, errors `<error>`.
 */
function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function render(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => `<item>${render(v)}</item>`).join('');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.objectType === 'KalturaAPIException') {
      const args = Object.entries((o.args ?? {}) as Record<string, unknown>)
        .map(([name, v]) => `<item><objectType>KalturaApiExceptionArg</objectType><name>${esc(name)}</name><value>${esc(String(v))}</value></item>`)
        .join('');
      return `<error><objectType>KalturaAPIException</objectType><code>${esc(String(o.code))}</code><message>${esc(String(o.message))}</message><args>${args}</args></error>`;
    }
    return Object.entries(o)
      .filter(([k]) => /^[A-Za-z_][\w.-]*$/.test(k))
      .map(([k, v]) => `<${k}>${render(v)}</${k}>`)
      .join('');
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  return esc(String(value));
}

export function toXml(result: unknown, executionTime: number): string {
  return `<?xml version="1.0" encoding="utf-8"?><xml><result>${render(result)}</result><executionTime>${executionTime.toFixed(4)}</executionTime></xml>`;
}
