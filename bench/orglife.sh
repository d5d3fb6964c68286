#!/bin/sh
# Benchmark of issue 4's speed targets on the 1,000,000-member database with
# its year of history: the root's compliance roll-up ≤ 300 ms, a branch's
# compliance ≤ 10 ms, and recording a meeting with 30 attendees at p99 ≤
# 25 ms under 8 concurrent writers, all through the HTTP API. It is
# bench/roster.sh with GROUP=orglife (same database, same environment).
#
#   bench/orglife.sh                          # 1,000,000 members, 8 clients
#   N=20000 RUNS=1 REQUESTS=300 bench/orglife.sh   # a quick look
set -eu
GROUP=orglife
export GROUP
exec "$(dirname "$0")/roster.sh"
