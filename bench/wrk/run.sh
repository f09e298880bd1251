#!/usr/bin/env bash
# Load test of a release homeward-server on a temporary database with the demo data:
# GET /v1/health and GET /v1/individuals/{id}/matches in alternating rounds (so that both see the
# same machine: a shared one slows down and speeds up), then POST /v1/vacancies, each run bounded
# in time. Prints requests/s per run and the mean per route; fails when a request fails or the
# matches mean is below 70% of the health mean.
#   bench/wrk/run.sh [build folder (default build/release)]
#   (DURATION=5s per run, ROUNDS=3, CONNECTIONS=16, THREADS=2; GZIP=0 to not accept gzip)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/release}"
duration="${DURATION:-5s}"; rounds="${ROUNDS:-3}"; connections="${CONNECTIONS:-16}"; threads="${THREADS:-2}"
port="${PORT:-18080}"
work="$(mktemp -d)"
export HOMEWARD_ADMIN_KEY="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
"$build/admin/homeward-admin" create-key --key-file "$work/data.key" > /dev/null
"$build/api/homeward-server" --listen "127.0.0.1:$port" --db "$work/homeward.db" \
  --key-file "$work/data.key" --plugins "$build/plugins" \
  --plugin-trust-key "$build/plugin-dev-key.pub" --demo --log-level warn > "$work/server.log" 2>&1 &
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

run() { wrk -d"$duration" -c"$connections" -t"$threads" -s "$here/$1" "$base" | tee -a "$work/$1.out" | tail -1; }
for _ in $(seq 1 "$rounds"); do
  run health.lua
  run matches.lua
done
run vacancies.lua

# The mean of a route's requests/s over its runs.
mean() { sed -n 's/^[^:]*: \([0-9]*\) requests\/s.*/\1/p' "$work/$1.out" |
         awk '{ sum += $1; n++ } END { printf "%d", sum / n }'; }
failed=0
for s in health.lua matches.lua vacancies.lua; do
  if grep "requests/s" "$work/$s.out" | grep -vq "errors: connect 0 read 0 write 0 timeout 0 status 0"; then
    failed=1
  fi
done
health=$(mean health.lua); matches=$(mean matches.lua)
echo "mean over $rounds rounds: health $health requests/s, matches $matches requests/s"
echo "matches/health = $(( 100 * matches / health ))% (needs >= 70%)"
[ $(( 100 * matches )) -ge $(( 70 * health )) ] || failed=1
exit $failed
