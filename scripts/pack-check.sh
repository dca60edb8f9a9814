#!/usr/bin/env bash
# Packs every package as a release would (pnpm pack applies publishConfig) and installs the
# tarballs with plain npm into a fresh project outside the repository, as a device maker would:
# checks the packed manifests, that the CLI alone does not bring the emulator's FTP server stack,
# then an ESM script, a CJS script, a strict tsc check and `npx cellftp --help`.
# Third-party packages come from the npm registry; ours only from the local tarballs.
# PACK_CHECK_SKIP_BUILD=1 reuses the dist/ folders already built.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
here="$repo/scripts/pack-check"
work="$(mktemp -d "${TMPDIR:-/tmp}/cellftp-pack-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
pnpm=(npx -y pnpm@12.21.0)
step() { printf '\n== %s\n' "$*"; }

if [ "${PACK_CHECK_SKIP_BUILD:-0}" != 1 ]; then
  step "build"
  (cd "$repo" && "${pnpm[@]}" build >/dev/null)
fi

step "pack"
mkdir -p "$work/tarballs"
(cd "$repo" && "${pnpm[@]}" -r --filter './packages/*' pack --pack-destination "$work/tarballs" >/dev/null)
ls "$work/tarballs"
node "$here/check-manifests.mjs" "$work/tarballs"

tgz() { ls "$work/tarballs"/cellftp-"$1"-*.tgz; }
app="$work/app"
mkdir -p "$app"
cp "$here/app/"* "$app/"
cd "$app"
npm_install() { npm install --no-audit --no-fund --loglevel=error "$@"; }

step "npm install core, drivers and the CLI (no emulator)"
npm_install "$(tgz core)" "$(tgz quectel)" "$(tgz simcom)" "$(tgz ublox)" "$(tgz cli)"
for stack in ftp-srv bunyan moment ip @cellftp/emulator; do
  if [ -e "node_modules/$stack" ]; then echo "FAIL: the CLI pulled in $stack" >&2; exit 1; fi
done
[ "$(find node_modules -name package.json -path '*/@cellftp/core/package.json' | wc -l)" = 1 ] || { echo 'FAIL: more than one @cellftp/core' >&2; exit 1; }
npx --no-install cellftp --help | grep -q 'Exit codes:'
npx --no-install cellftp --version
set +e
npx --no-install cellftp emulate --model EC25 2>"$work/emulate.err"; code=$?
set -e
[ "$code" = 2 ] && grep -q 'npm install @cellftp/emulator' "$work/emulate.err" || { echo "FAIL: emulate without the emulator exited $code: $(cat "$work/emulate.err")" >&2; exit 1; }
echo "cellftp --help ok; emulate without @cellftp/emulator says how to get it"

step "npm install the emulator, then ESM, CJS and a strict tsc"
npm_install "$(tgz emulator)"
node "$repo/node_modules/typescript/bin/tsc" -p tsconfig.json &
tsc=$!
node esm.mjs
node cjs.cjs
wait "$tsc"
echo "tsc strict ok"
npx --no-install cellftp --help >/dev/null
echo "pack-check passed"
