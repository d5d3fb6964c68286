#!/bin/sh
# Benchmark of issue 3's speed targets, in-process on SQLite:
#   import of a 100,000-row roster, check + write in one transaction, ≤ 15 s;
#   export of 1,000,000 members, ≤ 60 s and ≤ 300 MB of RSS.
# Each measurement runs RUNS times (the export in a fresh process each
# time, so its peak RSS is its own); the medians are printed last.
#
#   bench/importexport.sh                   # 100,000 rows; 1,000,000 members
#   ROWS=20000 N=3000 RUNS=1 bench/importexport.sh   # a quick look
#
# Environment: ROWS (import), N and SEED (the export's database: the one
# bench/roster.sh made is copied when it is current, else one is generated
# at DB), RUNS, GOMAXPROCS (2 for the 2-core target). No database given is
# ever written: the export runs on a copy.
set -eu

cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
N=${N:-1000000}
SEED=${SEED:-1}
SHARED=/tmp/dangjian-bench-$N-$SEED.db
DB=${DB:-/tmp/dangjian-ie-$N-$SEED.db}
RUNS=${RUNS:-3}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

echo "== build"
go build -o "$work/dangjian" ./cmd/dangjian
go build -o "$work/ie" ./bench/importexport

# The marker of bench/roster.sh: a digest of the schema and the generator,
# so a stale database is never measured.
digest=$(cat sqlstore/migrations/sqlite/*.sql demo/*.go | sha256sum | cut -c1-16)
if [ "$(cat "$SHARED.done" 2>/dev/null)" = "$digest" ]; then
	DB=$SHARED
elif [ "$(cat "$DB.done" 2>/dev/null)" != "$digest" ]; then
	echo "== generate $N members into $DB"
	rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.key" "$DB.done"
	"$work/dangjian" demo --db "$DB" --members "$N" --seed "$SEED"
	echo "$digest" >"$DB.done"
fi

echo "== import: $ROWS rows, $RUNS runs per format"
for format in csv xlsx; do
	"$work/ie" import -rows "$ROWS" -format "$format" -runs "$RUNS" | tee -a "$work/results"
done

echo "== export: $N members ($DB, copied), $RUNS runs per format"
cp "$DB" "$work/x.db"
cp "$DB.key" "$work/x.db.key"
if [ -f "$DB-wal" ]; then cp "$DB-wal" "$work/x.db-wal"; fi
for format in csv xlsx; do
	run=1
	while [ "$run" -le "$RUNS" ]; do
		"$work/ie" export -db "$work/x.db" -format "$format" | tee -a "$work/results"
		run=$((run + 1))
	done
done

echo "== medians"
grep '^RESULT export' "$work/results" | awk '
	{ key = $3; for (i = 4; i <= NF; i++) { split($i, kv, "="); v[key, kv[1], ++n[key, kv[1]]] = kv[2] } keys[key] = 1 }
	function med(k, f,   m, i, j, t, a) {
		m = n[k, f]
		for (i = 1; i <= m; i++) a[i] = v[k, f, i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		return a[int((m + 1) / 2)]
	}
	END { for (k in keys) printf "export %-4s rows %s  %s MB  median %s s  peak RSS median %s MB\n", k, med(k, "rows"), med(k, "mb"), med(k, "export_s"), med(k, "rss_mb") }'
grep '^RESULT import' "$work/results" | awk '{ printf "import %-4s %s  %s  %s (medians of the runs)\n", $3, $4, $5, $6 }'
