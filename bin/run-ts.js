#!/usr/bin/env node
// Runs a TypeScript file of this project (benchmarks, scripts) through tsx.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
register();
await import(pathToFileURL(path.resolve(process.argv[2])).href);
