#!/usr/bin/env node
'use strict';
// chdb declares optionalDependencies on per-platform engine packages, but only
// @chdb/lib-linux-x64-gnu is served by the registry we can reach; npm then
// writes a package-lock.json without the others, and `npm ci` refuses it
// ("Missing: @chdb/lib-darwin-arm64@ from lock file"). This adds a
// platform-restricted, optional lock entry for each missing one, which `npm ci`
// accepts and skips on linux-x64. Run it after every `npm install` that
// rewrites package-lock.json:  node scripts/lock-placeholders.js
const fs = require('fs');
const path = require('path');

const lockPath = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const chdb = lock.packages['node_modules/chdb'];
if (!chdb) throw new Error('chdb is not in package-lock.json');
const platforms = {
  'lib-darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'lib-darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'lib-linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'lib-linux-x64-gnu': { os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
};
let added = 0;
for (const [name, version] of Object.entries(chdb.optionalDependencies || {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const plat = platforms[name.replace(/^@chdb\//, '')];
  if (!plat) throw new Error(`unknown platform package ${name}`);
  lock.packages[key] = { version, license: 'Apache-2.0', optional: true, ...plat };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} placeholder entr${added === 1 ? 'y' : 'ies'} added`);
