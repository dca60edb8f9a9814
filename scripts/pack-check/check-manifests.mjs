// Reads each packed package.json as the registry would serve it and fails on what a registry user
// must never get: a `source` condition (raw TypeScript), `workspace:` ranges, a missing LICENSE or
// README, a second copy of core (core must be a peer), or exports that drifted from the repo's.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const failures = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.tgz'))) {
  const tgz = join(dir, file);
  const list = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n');
  const manifest = JSON.parse(execFileSync('tar', ['-xzf', tgz, '-O', 'package/package.json'], { encoding: 'utf8' }));
  const name = manifest.name;
  const fail = (why) => failures.push(`${name}: ${why}`);
  const text = JSON.stringify(manifest);
  if (text.includes('"source"')) fail('a "source" condition is published');
  if (text.includes('workspace:')) fail('a workspace: range is published');
  for (const f of ['package/LICENSE', 'package/README.md', 'package/dist/index.js', 'package/dist/index.cjs', 'package/dist/index.d.ts', 'package/dist/index.d.cts']) {
    if (!list.includes(f)) fail(`${f} missing from the tarball`);
  }
  for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'engines', 'license']) if (!manifest[field]) fail(`no ${field}`);
  if (manifest.publishConfig?.access !== 'public') fail('publishConfig.access is not public');
  if (name !== '@cellftp/core') {
    if (manifest.dependencies?.['@cellftp/core']) fail('@cellftp/core is a dependency, not a peer');
    if (!manifest.peerDependencies?.['@cellftp/core']) fail('@cellftp/core is not a peer dependency');
  }
  // publishConfig.exports replaces exports on pack: every entry of the repo's exports (less `source`) must be there.
  const repoManifest = JSON.parse(readFileSync(new URL(`../../packages/${name.split('/')[1]}/package.json`, import.meta.url), 'utf8'));
  const strip = (value) => (value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'source').map(([k, v]) => [k, strip(v)])) : value);
  if (JSON.stringify(strip(repoManifest.exports)) !== JSON.stringify(manifest.exports)) fail('published exports differ from the repo exports without "source" (update publishConfig.exports)');
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('manifests ok');
