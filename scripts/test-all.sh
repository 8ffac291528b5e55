#!/usr/bin/env bash
# Every test AssumeRole Doctor has, in the order a failure is cheapest to find:
# typecheck, lint, unit + engine corpus (Vitest), production build, end-to-end (Playwright, Chromium).
# Stops at the first part that fails, with that part's exit code.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
# The pinned AWS SDK warns on every process that Node 20 support ends in 2027; README says so once.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
cd "$(dirname "$0")/.."
mkdir -p .reports  # not test-results/: Playwright empties that folder when it starts

step() { printf '\n== %s ==\n' "$*"; }

step "browser"
bash scripts/ensure-chromium.sh

step "typecheck"
npx tsc --noEmit

step "lint"
npx eslint --max-warnings=0 .

step "unit and engine corpus (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json

step "production build"
npx next build

step "end-to-end (playwright, chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/playwright.json \
  npx playwright test --reporter=list,json

node scripts/summarize-tests.mjs .reports/vitest.json .reports/playwright.json
