#!/usr/bin/env node
// Node 20 cannot run TypeScript: register tsx's loader, then start the CLI from its sources.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
