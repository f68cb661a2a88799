// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { collectParams, parseBody, splitKey } from '../../../sandbox/kaltura/params';

describe('API v3 params', () => {
  it('nests a[b][c] and a:b:c alike', () => {
    expect(splitKey('filter[objectType]')).toEqual(['filter', 'objectType']);
    expect(splitKey('1:filter:entryIdEqual')).toEqual(['1', 'filter', 'entryIdEqual']);
    expect(splitKey('1:filter[entryIdEqual]')).toEqual(['1', 'filter', 'entryIdEqual']);
  });

  it('reads JSON only for exactly application/json', () => {
    expect(parseBody('application/json', '{"a":1}')).toEqual({ a: 1 });
    expect(parseBody('application/json; charset=utf-8', '{"a":1}')).toEqual({});
    expect(parseBody('application/x-www-form-urlencoded', 'f[a]=1&f:b=2')).toEqual({ f: { a: '1', b: '2' } });
    expect(parseBody('application/json', '{not json')).toEqual({});
  });

  it('path beats query beats body, nested objects merge', () => {
    const p = collectParams('/service/session/action/get', 'action=start&f[a]=q', 'application/x-www-form-urlencoded', 'action=x&format=1&f[a]=b&f[b]=b');
    expect(p).toMatchObject({ service: 'session', action: 'get', format: '1', f: { a: 'q', b: 'b' } });
  });
});
