// The side panel's entry chunk must start with V8's compile hint, after Vite's own steps have written it;
// other chunks (the lazy views, the worker) keep lazy compilation.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPILE_HINT, compileHints } from '../../../scripts/compile-hints';

const chunk = (name: string, fileName: string, isEntry: boolean) => ({ type: 'chunk', name, fileName, isEntry });

describe('the compile-hint plugin', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('puts the hint first in the chosen entry chunk only, once', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hints-'));
    const files = { 'sidepanel.js': 'const __vite__mapDeps=1;', 'QnaSections.js': 'export{};', 'background.js': 'var background;' };
    for (const [f, code] of Object.entries(files)) writeFileSync(path.join(dir, f), code);
    const bundle = {
      a: chunk('sidepanel', 'sidepanel.js', true),
      b: chunk('QnaSections', 'QnaSections.js', false),
      c: chunk('background', 'background.js', true),
    };
    const plugin = compileHints((name) => name === 'sidepanel');
    const write = plugin.writeBundle as (o: { dir: string }, b: unknown) => Promise<void>;
    await write({ dir }, bundle);
    await write({ dir }, bundle); // a second pass adds nothing
    const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
    expect(read('sidepanel.js')).toBe(COMPILE_HINT + files['sidepanel.js']);
    expect(read('QnaSections.js')).toBe(files['QnaSections.js']);
    expect(read('background.js')).toBe(files['background.js']);
  });
});
