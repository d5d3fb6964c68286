#!/bin/sh
# Benchmark of issue 2's speed target: on a database of N members (default
# 1,000,000) the server answers the root roster with its total, a branch
# roster, the org tree and a search by name with p99 ≤ 20 ms at 8
# concurrent clients, in ≤ 300 MB of RSS.
#
#   bench/roster.sh                 # 1,000,000 members, 8 clients, 2,000 requests each
#   N=3000 RUNS=1 bench/roster.sh   # a quick look
#
# GROUP=orglife measures issue 4's instead (bench/orglife.sh): the root's
# compliance roll-up, a branch's compliance, and recording a meeting with
# 30 attendees (these writes stay in the database: a few thousand meetings
# more than the demo's three million change no other figure).
#
# Environment: GROUP (roster or orglife), YEAR (of the orglife reports), N (members), SEED, DB (the SQLite file; generated once and
# kept, so later runs skip the minute of generating), PORT, CLIENTS,
# REQUESTS (per endpoint), LIMIT (time per endpoint, after which no more
# requests are sent), RUNS (load runs against one server start),
# GOMAXPROCS (set it to 2 to measure the 2-core target on a bigger machine).
# Everything stays on 127.0.0.1.
set -eu

cd "$(dirname "$0")/.."
N=${N:-1000000}
SEED=${SEED:-1}
DB=${DB:-/tmp/dangjian-bench-$N-$SEED.db}
PORT=${PORT:-18473}
CLIENTS=${CLIENTS:-8}
REQUESTS=${REQUESTS:-2000}
RUNS=${RUNS:-3}
GROUP=${GROUP:-roster}
YEAR=${YEAR:-$(date +%Y)}
LIMIT=${LIMIT:-60s}
DANGJIAN_ADMIN_PASSWORD=${DANGJIAN_ADMIN_PASSWORD:-Bench-pw-2026!}
export DANGJIAN_ADMIN_PASSWORD

work=$(mktemp -d)
server=
cleanup() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "== build"
go build -o "$work/dangjian" ./cmd/dangjian
go build -o "$work/load" ./bench/load

# The ".done" marker tells a finished database from one a killed run left,
# and holds a digest of the schema and the generator: when either changes
# the database is made again.
digest=$(cat sqlstore/migrations/sqlite/*.sql demo/*.go | sha256sum | cut -c1-16)
if [ "$(cat "$DB.done" 2>/dev/null)" != "$digest" ]; then
	echo "== generate $N members into $DB"
	rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.key" "$DB.done"
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "generate: %e s wall, %U s user, %S s sys, peak RSS %M KB" \
			"$work/dangjian" demo --db "$DB" --members "$N" --seed "$SEED"
	else
		"$work/dangjian" demo --db "$DB" --members "$N" --seed "$SEED"
	fi
	echo "$digest" >"$DB.done"
fi
ls -l "$DB"

if curl -s -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; then
	echo "something already listens on 127.0.0.1:$PORT: set PORT to a free port" >&2
	exit 1
fi
echo "== serve on 127.0.0.1:$PORT"
"$work/dangjian" serve --db "$DB" --addr "127.0.0.1:$PORT" >"$work/serve.log" 2>&1 &
server=$!
i=0
until kill -0 "$server" 2>/dev/null && curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 300 ] || ! kill -0 "$server" 2>/dev/null; then
		echo "the server did not start:" >&2
		cat "$work/serve.log" >&2
		exit 1
	fi
	sleep 0.2
done

run=1
while [ $run -le "$RUNS" ]; do
	echo "== run $run of $RUNS"
	"$work/load" -group "$GROUP" -year "$YEAR" -url "http://127.0.0.1:$PORT" -clients "$CLIENTS" -n "$REQUESTS" -limit "$LIMIT" -pid "$server"
	run=$((run + 1))
done
