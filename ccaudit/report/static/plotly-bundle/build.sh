#!/usr/bin/env sh
# Rebuild ../plotly-ccaudit.min.js: plotly.js with only the trace types ccaudit draws.
# Needs node and npm (the build only: ccaudit and its users never run node). Run it after
# adding a trace type to entry.js, or to follow plotly.py to a new plotly.js version (pin
# the same version in package.json as `plotly.offline.get_plotlyjs_version()` says).
set -eu
cd "$(dirname "$0")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp package.json package-lock.json entry.js "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error &&
  ./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly \
    --platform=browser --define:global=window --legal-comments=eof --log-level=error \
    --outfile=plotly-ccaudit.min.js)
cp "$work/plotly-ccaudit.min.js" ../plotly-ccaudit.min.js
ls -l ../plotly-ccaudit.min.js
