# Turns bench/run.sh's raw figures (size, key, who, median, min, max,
# peak KB, runs; tab-separated) into the Markdown tables of results.md: one
# table per ledger size, then how each figure grows from the smallest size
# to the largest. Set have_audit=0 to print "not available" for plan audit.

function mb(kb) {
	return kb > 0 ? sprintf("%.0f", kb / 1024) : "–"
}

function secs(s) {
	if (s == "failed" || s == "")
		return s == "" ? "–" : "failed"
	return s < 0.1 ? sprintf("%.4f", s) : s < 10 ? sprintf("%.3f", s) : sprintf("%.1f", s)
}

function ratio(a, b) {
	if (a == "failed" || b == "failed" || a == "" || b == "" || b + 0 == 0)
		return "–"
	return sprintf("%.2f", a / b)
}

function thousands(n,    s, out) {
	s = sprintf("%d", n)
	out = ""
	while (length(s) > 3) {
		out = "," substr(s, length(s) - 2) out
		s = substr(s, 1, length(s) - 3)
	}
	return s out
}

# One row per peer of a figure (or one row with no peer).
function rows(size, key, label, peerkey,    i, n, any) {
	if (!((size, key, "plan") in med) && !(key ~ /^audit/ && have_audit == 0))
		return
	if (key ~ /^audit/ && have_audit == 0) {
		printf "| %s | not available | | | | | |\n", label
		return
	}
	any = 0
	for (i = 1; i <= npeers; i++) {
		if (!((size, peerkey, peers[i]) in med))
			continue
		any = 1
		printf "| %s | %s | %s | %s | %s | %s | %s |\n", label, secs(med[size, key, "plan"]),
			mb(peak[size, key, "plan"]), peers[i], secs(med[size, peerkey, peers[i]]),
			mb(peak[size, peerkey, peers[i]]),
			ratio(med[size, key, "plan"], med[size, peerkey, peers[i]])
	}
	if (!any)
		printf "| %s | %s | %s | | | | |\n", label, secs(med[size, key, "plan"]),
			mb(peak[size, key, "plan"])
}

# A page of plan serve, with plan status warm of the same run as its peer.
function serve_row(size, key, label) {
	if (!((size, key, "plan") in med))
		return
	printf "| %s | %s | %s | plan status, warm | %s | %s | %s |\n", label,
		secs(med[size, key, "plan"]), mb(peak[size, key, "plan"]),
		secs(med[size, "status.warm", "plan"]), mb(peak[size, "status.warm", "plan"]),
		ratio(med[size, key, "plan"], med[size, "status.warm", "plan"])
}

# A figure's growth: its cost per 1,000 units at the smallest and largest size.
function growth(key, who, label, unit,    a, b, ua, ub, g, flag) {
	if (!((small, key, who) in med) || !((large, key, who) in med))
		return
	a = med[small, key, who]
	b = med[large, key, who]
	if (a == "failed" || b == "failed" || a + 0 == 0)
		return
	ua = (unit == "commits" ? small / 2 : small) / 1000
	ub = (unit == "commits" ? large / 2 : large) / 1000
	g = (b / ub) / (a / ua)
	flag = (g > 1.3) ? " (faster than the work)" : ""
	printf "| %s | %s | %.2f | %.2f | %.2f%s | %s |\n", label, unit, 1000 * a / ua,
		1000 * b / ub, g, flag, peer_growth(key, who, g)
}

# Our growth over the growth of the figure's first peer (the same work's cost at Git's pace).
function peer_growth(key, who, g,    pk, i, a, b) {
	if (who != "plan")
		return ""
	pk = key
	sub(/\.[a-z]+$/, ".peer", pk)
	for (i = 1; i <= npeers; i++)
		if (((small, pk, peers[i]) in med) && ((large, pk, peers[i]) in med)) {
			a = med[small, pk, peers[i]]
			b = med[large, pk, peers[i]]
			if (a == "failed" || b == "failed" || a + 0 == 0 || b + 0 == 0)
				return ""
			return sprintf("%.2f (%s)", g / ((b / large) / (a / small)), peers[i])
		}
	return ""
}

{
	size = $1
	key = $2
	who = $3
	med[size, key, who] = $4
	peak[size, key, who] = $7
	runs[size, key, who] = $8
	if (!(size in seen)) {
		seen[size] = 1
		sizes[++nsizes] = size
	}
	# A peer measured for two figures (git status) is listed once.
	if (key ~ /\.peer$/ && !(who in peerseen)) {
		peerseen[who] = 1
		peers[++npeers] = who
	}
}

END {
	nk = split("check.cold check.warm staged.cold staged.warm status.cold status.warm " \
		"serve.overview serve.events trace.first trace.next audit.first audit.next", keys, " ")
	split("plan check, cold|plan check, warm|plan check --staged, one new event, cold|" \
		"plan check --staged, one new event, warm|plan status, cold|plan status, warm|" \
		"plan serve: overview page, warm|plan serve: event list filtered, warm|" \
		"plan trace I14, first run|plan trace I14, after 4 new commits|" \
		"plan audit, first run|plan audit, after 4 new commits", labels, "|")
	for (k = 1; k <= nk; k++) {
		peerkey[keys[k]] = keys[k]
		sub(/\.[a-z]+$/, ".peer", peerkey[keys[k]])
	}
	for (s = 1; s <= nsizes; s++) {
		size = sizes[s]
		printf "## %s events, %s commits\n\n", thousands(size), thousands(size / 2)
		if ((size, "gen", "plan-gen") in med)
			printf "Generated (plan-gen and git fast-import) in %s s.\n\n", med[size, "gen", "plan-gen"]
		print "| figure | plan (s) | plan peak (MB) | peer | peer (s) | peer peak (MB) | plan / peer |"
		print "|---|---:|---:|---|---:|---:|---:|"
		for (k = 1; k <= nk; k++)
			if (keys[k] ~ /^serve\./)
				serve_row(size, keys[k], labels[k])
			else
				rows(size, keys[k], labels[k], peerkey[keys[k]])
		print ""
	}
	small = sizes[1]
	large = sizes[1]
	for (s = 2; s <= nsizes; s++) {
		if (sizes[s] + 0 < small + 0)
			small = sizes[s]
		if (sizes[s] + 0 > large + 0)
			large = sizes[s]
	}
	if (small == large)
		exit
	printf "## Growth from %s to %s events\n\n", thousands(small), thousands(large)
	print "Milliseconds per 1,000 events (or commits, for the history walks) at each size;"
	print "growth is their ratio: 1 means the cost grows as the work does, above 1 faster."
	print "A commit's tree comparison reads its month folder, which holds more events in a"
	print "bigger ledger, so history walks grow faster than the commits even in git; the"
	print "last column divides our growth by the peer's: above 1, we grow faster than it."
	print ""
	printf "| figure | per 1,000 | at %s (ms) | at %s (ms) | growth | growth / peer's |\n",
		thousands(small), thousands(large)
	print "|---|---|---:|---:|---:|---:|"
	for (k = 1; k <= nk; k++)
		growth(keys[k], "plan", labels[k], keys[k] ~ /^(trace|audit)/ ? "commits" : "events")
	for (i = 1; i <= npeers; i++)
		for (k = 1; k <= nk; k++)
			if (keys[k] ~ /\.(cold|first)$/ && ((small, peerkey[keys[k]], peers[i]) in med))
				growth(peerkey[keys[k]], peers[i], "peer: " peers[i],
					keys[k] ~ /^(trace|audit)/ ? "commits" : "events")
}
