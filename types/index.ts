export * from './errors';
export * from './common';
export * from './envelope';
export * from './time';
export * as identity from './identity';
export * as deliberation from './deliberation';
