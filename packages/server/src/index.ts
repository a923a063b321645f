export { buildApp } from './app.ts';
export { listDemoAccounts, seedDemoWorld } from './modules/demo/demo.service.ts';
export { type ComityNode, openNode, VERSION } from './node.ts';
export { ConfigError, loadConfig } from './platform/config.ts';
