export * from './audit.ts';
export * from './cases.ts';
export * from './common.ts';
export * from './errors.ts';
export * from './health.ts';
export * from './identity.ts';
export * from './roles.ts';
