#!/bin/sh
# Stages one new event in the ledger LEDGER, for timing plan check --staged:
# each call unstages and removes the one the previous call staged and stages
# a new one (a new blob each time). With "clean" it only removes it.
#
#     stage-event.sh LEDGER [clean]
set -eu
cd "$1"
gitdir=$(git rev-parse --git-dir)
count_file="$gitdir/bench-staged"
n=$(cat "$count_file" 2>/dev/null || echo 0)
if [ "$n" -gt 0 ]; then
	old="records/events/2021/12/2021-12-30-bench-staged-$n.yaml"
	git rm -q --cached --ignore-unmatch -- "$old"
	rm -f "$old"
fi
if [ "${2:-}" = clean ]; then
	rm -f "$count_file"
	exit 0
fi
n=$((n + 1))
echo "$n" >"$count_file"
f="records/events/2021/12/2021-12-30-bench-staged-$n.yaml"
mkdir -p records/events/2021/12
cat >"$f" <<EOF
# yaml-language-server: \$schema=../../../../schemas/event.schema.yaml
id: 2021-12-30-bench-staged-$n
date: 2021-12-30
kind: seminar
title: Seminarium om social ekonomi, nummer $n
indicators: [I14]
responsible: handlaggare-1
participants: $((10 + n))
EOF
git add -- "$f"
