#!/usr/bin/env bash
# Started by Playwright (playwright.config.ts): builds the app once and runs the
# backend, which serves it, on fresh demo data.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -rf .data/e2e
if [ ! -f packages/app/dist/index.html ] || [ -n "${DR_E2E_REBUILD:-${CI:-}}" ]; then
  yarn workspace app build
fi
cd packages/backend
exec yarn start --config ../../app-config.yaml --config ../../app-config.e2e.yaml
