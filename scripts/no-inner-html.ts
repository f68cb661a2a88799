// Attendee text is hostile, and the panel never renders HTML from data. Preact's one way to do it,
// `dangerouslySetInnerHTML`, is cut out of the bundle here: using it throws instead of writing innerHTML.
// (It is also the only innerHTML assignment `web-ext lint` finds in the build.)
import type { Plugin } from 'vite';

const ASSIGNMENT = /\b(\w+)\.innerHTML=(\w+)\.__html\b/g;

export function noInnerHtml(): Plugin {
  return {
    name: 'cnc-moderator:no-inner-html',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]preact[\\/]dist[\\/]/.test(id) || !ASSIGNMENT.test(code)) return null;
      ASSIGNMENT.lastIndex = 0;
      return {
        code: code.replace(ASSIGNMENT, '(()=>{throw new Error("dangerouslySetInnerHTML is disabled in CnC Moderator")})()'),
        map: null,
      };
    },
  };
}
