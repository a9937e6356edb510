'use strict';
// Runs `prisma generate` without internet. The CLI insists on locating the native schema engine, which cannot be
// downloaded here; generating the client never executes it, so any existing path satisfies the lookup.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const prismaCli = require.resolve('prisma/build/index.js', { paths: [repoRoot] });
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = '/bin/false';

const result = spawnSync(process.execPath, [prismaCli, 'generate'], { cwd: repoRoot, env, stdio: 'inherit' });
if (result.error) throw result.error;
process.exit(result.status === null ? 1 : result.status);
