export * from './compose';
export * from './templates';
export * from './schedule';
export * from './history';
export * from './time';
export * from './reason';
