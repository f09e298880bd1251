#!/usr/bin/env bash
# Load test of a release homeward-server on a temporary database with the demo data:
# GET /v1/health, GET /v1/individuals/{id}/matches and POST /v1/vacancies, each for a bounded time.
# Prints requests/s and errors; fails when a request fails or matches < 70% of health.
#   bench/wrk/run.sh [build folder (default build/release)]  (DURATION=10s CONNECTIONS=16 THREADS=2)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/release}"
duration="${DURATION:-10s}"; connections="${CONNECTIONS:-16}"; threads="${THREADS:-2}"
port="${PORT:-18080}"
work="$(mktemp -d)"
export HOMEWARD_ADMIN_KEY="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
"$build/api/homeward-server" --listen "127.0.0.1:$port" --db "$work/homeward.db" \
  --plugins "$build/plugins" --demo --log-level warn > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$port/v1/health" > /dev/null && break
  sleep 0.2
done
base="http://127.0.0.1:$port"
auth="Authorization: Bearer $HOMEWARD_ADMIN_KEY"
export HOMEWARD_KEY="$HOMEWARD_ADMIN_KEY" WRK_DIR="$here"
# People who can be matched (a person without consent to matching gets 409, not a list).
people=""
for id in $(curl -fs -H "$auth" "$base/v1/individuals?limit=200" |
            python3 -c 'import json,sys; print(" ".join(p["id"] for p in json.load(sys.stdin)["items"]))'); do
  if curl -fs -o /dev/null -H "$auth" "$base/v1/individuals/$id/matches?kind=job&limit=10"; then
    people="$people $id"
  fi
done
export HOMEWARD_PEOPLE="$people"
export HOMEWARD_EMPLOYER="$(curl -fs -H "$auth" "$base/v1/employers?limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"

run() { wrk -d"$duration" -c"$connections" -t"$threads" -s "$here/$1" "$base" | tee "$work/$1.out" | tail -1; }
run health.lua
run matches.lua
run vacancies.lua

rate() { sed -n 's/^[^:]*: \([0-9]*\) requests\/s.*/\1/p' "$work/$1.out"; }
failed=0
for s in health.lua matches.lua vacancies.lua; do
  grep -q "errors: connect 0 read 0 write 0 timeout 0 status 0" "$work/$s.out" || failed=1
done
health=$(rate health.lua); matches=$(rate matches.lua)
echo "matches/health = $(( 100 * matches / health ))% (needs >= 70%)"
[ $(( 100 * matches )) -ge $(( 70 * health )) ] || failed=1
exit $failed
