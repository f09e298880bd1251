#!/usr/bin/env bash
# The latency of a first question: GET /v1/individuals/{id}/matches asked once for each of PEOPLE
# matchable people of one province (no answer comes from the match cache), one connection, wrk's
# latency distribution. Against a running server, e.g. one on a `homeward-demo --scale 500`
# database (docs/matching.md, "Benchmarks").
#   BASE=http://127.0.0.1:8080 HOMEWARD_KEY=<admin key> bench/wrk/latency.sh KH-12 all
#   (PEOPLE=200 people after the first SKIP=0 of the province, DURATION=120s at most; a SKIP
#   past the people asked before asks new ones of a running server)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
province="${1:?province, e.g. KH-12}"; kind="${2:-all}"
base="${BASE:-http://127.0.0.1:8080}"; count="${PEOPLE:-200}"; skip="${SKIP:-0}"; duration="${DURATION:-120s}"
auth="Authorization: Bearer ${HOMEWARD_KEY:?the API key}"
people=""; found=0; skipped=0; cursor=""
while [ "$found" -lt "$count" ]; do
  page="$(curl -fs -H "$auth" "$base/v1/individuals?province=$province&status=active&limit=100$cursor")"
  ids="$(printf '%s' "$page" | python3 -c 'import json,sys; print(" ".join(p["id"] for p in json.load(sys.stdin)["items"] if p.get("consent",{}).get("given")))')"
  for id in $ids; do
    [ "$found" -lt "$count" ] || break
    if [ "$skipped" -lt "$skip" ]; then skipped=$((skipped + 1)); continue; fi
    people="$people $id"; found=$((found + 1))
  done
  next="$(printf '%s' "$page" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"] or "")')"
  [ -n "$next" ] || break
  cursor="&cursor=$next"
done
export HOMEWARD_PEOPLE="$people" HOMEWARD_KIND="$kind" HOMEWARD_ONCE=1 WRK_DIR="$here"
wrk -t1 -c1 -d "$duration" --timeout 10s --latency -s "$here/matches.lua" "$base"
