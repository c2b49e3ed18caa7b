#!/usr/bin/env bash
# Every test: types, lint, unit + scenario tests (vitest), a production build, then the browser
# tests in Debian's Chromium (Playwright). Fails on the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s ==\n' "$1"; }
step "typecheck"
npm run -s typecheck
step "lint"
npm run -s lint
step "unit and scenario tests"
bash scripts/ensure-tshark.sh
npx vitest run
step "build"
npm run -s build
step "browser tests"
npm run -s test:e2e
