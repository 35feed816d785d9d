#!/usr/bin/env node
// The `zt` executable (package.json "bin"): runs the TypeScript CLI through tsx, a runtime dependency,
// so `npx zt` works right after `npm ci` with nothing built.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
await runCli(process.argv);
