#!/usr/bin/env bash
# README command one: set up, then ingest the sample articles, print the events
# and write the chart (out/demo/timeline.png).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/timeline demo "$@"
