import base from './wxt.config';
export default { ...base, outDir: '/tmp/bundle-analyze', filterEntrypoints: ['sidepanel'], vite: () => ({ ...(base as any).vite(), build: { sourcemap: true } }) };
