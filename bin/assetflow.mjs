#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npm ci` is all it needs (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
const code = await main(process.argv.slice(2));
// Native DuckDB keeps handles open; flush and leave explicitly.
process.stdout.write('', () => process.exit(code));
