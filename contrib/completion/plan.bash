# Bash completion for plan(1), the plan ledger tool, and for 'git plan'.
#
# 'make install' puts this file where bash-completion finds it
# (share/bash-completion/completions/plan); or source it from ~/.bashrc.
# It completes commands, options (read from 'plan COMMAND --help'), and the
# values of --indicator, --kind, --responsible and event ids (plan correct,
# --supersedes) from the ledger around the
# current folder (through 'plan list'), so it never goes stale.

# Runs plan quietly, in the folder given with -C on the command line.
__plan_run() {
	if [ -n "${__plan_dir-}" ]; then
		command plan -C "$__plan_dir" "$@" 2>/dev/null
	else
		command plan "$@" 2>/dev/null
	fi
}

# The first column of 'plan list WHAT ...': ids without their descriptions.
__plan_ids() {
	local id rest
	__plan_run list "$@" | while IFS=$'\t' read -r id rest; do
		printf '%s\n' "$id"
	done
}

# The ids of the ledger's events (the second column of 'plan list events').
__plan_event_ids() {
	local date id rest
	__plan_run list events | while read -r date id rest; do
		printf '%s\n' "$id"
	done
}

# The value of an option given earlier on the line (--date 2019-04-12).
__plan_value_of() {
	local i
	for ((i = 1; i < __plan_cword; i++)); do
		if [ "${__plan_words[i]}" = "$1" ] && [ $((i + 1)) -lt "$__plan_cword" ]; then
			printf '%s\n' "${__plan_words[i + 1]}"
			return
		fi
	done
}

__plan_reply() {
	local IFS=$'\n'
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

# Files (-f) or folders (-d) for the word being completed.
__plan_paths() {
	mapfile -t COMPREPLY < <(compgen "$1" -- "$2")
}

# Completes __plan_words at __plan_cword into COMPREPLY.
__plan_complete() {
	local cur=${__plan_words[__plan_cword]-} prev=${__plan_words[__plan_cword - 1]-}
	local cmd='' sub='' i w __plan_dir=

	COMPREPLY=()
	# --opt=value: bash splits it at '=' into "--opt" "=" "value".
	if [ "$cur" = "=" ]; then
		cur=
	elif [ "$prev" = "=" ]; then
		prev=${__plan_words[__plan_cword - 2]-}
	fi
	for ((i = 1; i < __plan_cword; i++)); do
		w=${__plan_words[i]}
		if [ -z "$cmd" ]; then
			case "$w" in
			-C) __plan_dir=${__plan_words[i + 1]-}; i=$((i + 1)) ;;
			-C*) __plan_dir=${w#-C} ;;
			-*) ;;
			*) cmd=$w ;;
			esac
		elif [ -z "$sub" ] && [ "${w#-}" = "$w" ] && [ "${__plan_words[i - 1]-}" != "=" ]; then
			case "${__plan_words[i - 1]}" in
			--date | --kind | --indicator | --title | --responsible | --participants | \
				--evidence | --note | --supersedes | --reason | --exception | --format | \
				--at | --rev | --year | --today | --range | --ref | --schema | \
				--output | -o | --csv-separator | --map | --sheet | --activity | \
				--goal | --person | --from | --to | --text) ;;
			*) sub=$w ;;
			esac
		fi
	done
	if [ -z "$cmd" ]; then
		case "$prev" in
		-C) __plan_paths -d "$cur"; return ;;
		esac
		case "$cur" in
		-*) __plan_reply "-C
--version
--help" "$cur" ;;
		*) __plan_reply "$(__plan_ids commands)" "$cur" ;;
		esac
		return
	fi
	case "$prev" in
	--indicator)
		# A comma-separated list: complete its last id.
		local head='' date
		case "$cur" in *,*) head=${cur%,*}, ;; esac
		date=$(__plan_value_of --date)
		if [ "$cmd" = add ] && [ -n "$date" ]; then
			__plan_reply "$(__plan_ids indicators --date "$date")" "${cur##*,}"
		else
			__plan_reply "$(__plan_ids indicators)" "${cur##*,}"
		fi
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=$head${COMPREPLY[i]}
		done
		return
		;;
	--kind)
		local ind
		ind=$(__plan_value_of --indicator)
		if [ -n "$ind" ]; then
			__plan_reply "$(__plan_ids kinds --indicator "$ind")" "$cur"
		else
			__plan_reply "$(__plan_ids kinds)" "$cur"
		fi
		return
		;;
	--responsible) __plan_reply "$(__plan_ids people)" "$cur"; return ;;
	--format)
		if [ "$cmd" = status ]; then
			__plan_reply "text
json
csv
md
xlsx" "$cur"
		elif [ "$cmd" = check ]; then
			__plan_reply "text
json
gnu" "$cur"
		elif [ "$cmd" = list ] && [ "$sub" = events ]; then
			__plan_reply "text
csv
json
xlsx" "$cur"
		else
			__plan_reply "text
json" "$cur"
		fi
		return
		;;
	--date | --at | --today) __plan_reply "${PLAN_TODAY:-$(date +%Y-%m-%d)}" "$cur"; return ;;
	-r) [ "$cmd" = validate ] && { __plan_paths -f "$cur"; return; } ;;
	--rev | --ref | --range)
		if [ "$cmd" = validate ]; then
			__plan_paths -f "$cur"
			return
		fi
		__plan_reply "$(git ${__plan_dir:+-C "$__plan_dir"} for-each-ref \
			--format='%(refname:short)' 2>/dev/null)
HEAD" "$cur"
		return
		;;
	--schema | --map | --output | -o) __plan_paths -f "$cur"; return ;;
	--person) __plan_reply "$(__plan_ids people)" "$cur"; return ;;
	--csv-separator) __plan_reply "$(printf ';\n,')" "$cur"; return ;;
	--supersedes) __plan_reply "$(__plan_event_ids)" "$cur"; return ;;
	--title | --participants | --evidence | --note | --reason | \
		--exception | --year)
		return
		;;
	esac
	case "$cur" in
	-*)
		__plan_reply "$(__plan_run "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)" "$cur"
		return
		;;
	esac
	case "$cmd" in
	help) __plan_reply "$(__plan_ids commands)" "$cur" ;;
	add) [ -z "$sub" ] && __plan_reply "event" "$cur" ;;
	hooks) [ -z "$sub" ] && __plan_reply "install" "$cur" ;;
	list) [ -z "$sub" ] && __plan_reply "events
indicators
kinds
people
commands" "$cur" ;;
	trace) [ -z "$sub" ] && __plan_reply "$(__plan_ids indicators)" "$cur" ;;
	correct) [ -z "$sub" ] && __plan_reply "$(__plan_event_ids)" "$cur" ;;
	init) __plan_paths -d "$cur" ;;
	check | lint-yaml | validate | import) __plan_paths -f "$cur" ;;
	esac
}

_plan() {
	local __plan_words=("${COMP_WORDS[@]}") __plan_cword=$COMP_CWORD
	__plan_complete
}

# git's own completion calls _git_plan for 'git plan ...', with its words
# and cword: "git" "plan" ... becomes "plan" ...
# shellcheck disable=SC2154 # words and cword are git's completion's.
_git_plan() {
	local __plan_words=(plan "${words[@]:2}") __plan_cword=$((cword - 1))
	__plan_complete
}

complete -o default -o bashdefault -F _plan plan 2>/dev/null ||
	complete -o default -F _plan plan
