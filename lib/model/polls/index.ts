export * from './types';
export * from './draft';
export * from './library';
export * from './live';
export * from './csv';
