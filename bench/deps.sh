#!/bin/sh
# Makes sure the benchmark's peers are present: Python's jsonschema and
# PyYAML from Debian (run by /usr/bin/python3), curl, and ajv-cli with ajv-formats
# from npm in OUT/node_modules (default build/bench). Missing Debian
# packages go through tools/deps.sh: installed with apt-get when run as
# root, otherwise the exact command is printed and the benchmark stops.
set -u
OUT=${1:-build/bench}
here=$(dirname "$0")

need=""
if ! [ -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	need="python3-jsonschema"
fi
if ! [ -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
	need="$need python3-yaml"
fi
command -v npm >/dev/null 2>&1 || need="$need npm"
# plan serve's pages are fetched with curl.
command -v curl >/dev/null 2>&1 || need="$need curl"
sh "$here/../tools/deps.sh" $need || exit 1

if ! [ -x "$OUT/node_modules/.bin/ajv" ] || ! [ -d "$OUT/node_modules/ajv-formats" ]; then
	echo "bench: installing ajv-cli and ajv-formats into $OUT/node_modules" >&2
	mkdir -p "$OUT"
	npm install --prefix "$OUT" --no-audit --no-fund --loglevel=error \
		ajv-cli@5 ajv-formats@3 >&2 || {
		echo "bench: npm could not install ajv-cli and ajv-formats" >&2
		exit 1
	}
fi
exit 0
