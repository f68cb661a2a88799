// V8's explicit compile hint (https://v8.dev/blog/explicit-compile-hints): a file that starts with
// `//# allFunctionsCalledOnLoad` has its functions compiled while the script loads (off the main thread
// where it can) instead of lazily on their first call. The side panel's entry chunk is the code that draws
// the first screen: in a CPU profile of a first render about 40 % of the time was V8 compiling functions
// on their first call. Only that chunk: the lazy views and the background worker keep lazy compilation.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'vite';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/** Adds the hint to the entry chunks whose name `entry` accepts. */
export function compileHints(entry: (name: string) => boolean): Plugin {
  return {
    name: 'cnc-moderator:compile-hints',
    apply: 'build',
    // On the written files: Vite's own generateBundle steps (the lazy chunks' preload map) still prepend
    // code to an entry chunk after every plugin's generateBundle, and the hint must be the first line.
    async writeBundle(options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk' || !file.isEntry || !entry(file.name)) continue;
        const at = path.join(options.dir ?? '', file.fileName);
        const code = await readFile(at, 'utf8');
        if (!code.startsWith(COMPILE_HINT)) await writeFile(at, COMPILE_HINT + code);
      }
    },
  };
}
