#!/bin/sh
# Prints the OpenAPI document with homeward-openapi and lints it with Redocly CLI (pinned).
# Usage: openapi_lint.sh <homeward-openapi> <redocly.yaml>
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$1" > "$dir/openapi.json"
cd "$dir"
npx --yes @redocly/cli@2.77.0 lint openapi.json --config "$2"
