#!/bin/sh
# Adds K approved branches to main of the ledger LEDGER (2 commits each: a
# staff commit with one new seminar for I14, and the reviewer's approval
# merge, as plan approve writes it), for timing plan trace and plan audit
# after a few new commits. Uses Git's plumbing and a temporary index, so
# the work tree and the real index stay as they are.
#
#     add-approved.sh LEDGER [K]
set -eu
cd "$1"
k=${2:-1}
gitdir=$(git rev-parse --git-dir)
count_file="$gitdir/bench-approved"
n=$(cat "$count_file" 2>/dev/null || echo 0)
GIT_INDEX_FILE="$gitdir/bench-index.tmp"
export GIT_INDEX_FILE
i=0
while [ "$i" -lt "$k" ]; do
	i=$((i + 1))
	n=$((n + 1))
	main=$(git rev-parse refs/heads/main)
	t=$(($(git log -1 --format=%ct "$main") + 3600))
	id="2021-12-31-bench-seminarium-$n"
	blob=$(git hash-object -w --stdin <<EOF
# yaml-language-server: \$schema=../../../../schemas/event.schema.yaml
id: $id
date: 2021-12-31
kind: seminar
title: Seminarium om social ekonomi, tillägg $n
indicators: [I14]
responsible: handlaggare-1
participants: $((20 + n))
EOF
)
	git read-tree "$main"
	git update-index --add --cacheinfo "100644,$blob,records/events/2021/12/$id.yaml"
	tree=$(git write-tree)
	tip=$(GIT_AUTHOR_NAME="Handläggare Ett" GIT_AUTHOR_EMAIL=handlaggare-1@example.org \
		GIT_AUTHOR_DATE="$t +0100" GIT_COMMITTER_NAME="Handläggare Ett" \
		GIT_COMMITTER_EMAIL=handlaggare-1@example.org GIT_COMMITTER_DATE="$t +0100" \
		git commit-tree "$tree" -p "$main" -m "Record $id")
	merge=$(GIT_AUTHOR_NAME="Granskare Ett" GIT_AUTHOR_EMAIL=granskare-1@example.org \
		GIT_AUTHOR_DATE="$((t + 600)) +0100" GIT_COMMITTER_NAME="Granskare Ett" \
		GIT_COMMITTER_EMAIL=granskare-1@example.org GIT_COMMITTER_DATE="$((t + 600)) +0100" \
		git commit-tree "$tree" -p "$main" -p "$tip" -F - <<EOF
Approve handlaggare-1/bench-$n: 1 events

$id

Approved-by: granskare-1 granskare-1@example.org
EOF
)
	git update-ref refs/heads/main "$merge" "$main"
done
rm -f "$GIT_INDEX_FILE"
echo "$n" >"$count_file"
