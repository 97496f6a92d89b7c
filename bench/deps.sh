#!/bin/sh
# Makes sure the benchmark's peers are present: Python's jsonschema and
# PyYAML from Debian (run by /usr/bin/python3), and ajv-cli with ajv-formats
# from npm in build/bench/node_modules. Missing Debian packages are
# installed with apt-get when run as root; otherwise the exact command is
# printed and the benchmark stops, as tools/deps.sh does for the build.
set -u
OUT=${1:-build/bench}

missing=""
command -v git >/dev/null 2>&1 || missing="git"
if ! [ -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	missing="$missing python3-jsonschema"
fi
if ! [ -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
	missing="$missing python3-yaml"
fi
command -v npm >/dev/null 2>&1 || missing="$missing npm"
missing=$(echo $missing)
if [ -n "$missing" ]; then
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "bench: these are missing: $missing" >&2
		echo "bench: install their equivalents with your system's package manager" >&2
		exit 1
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "bench: these packages are missing: $missing" >&2
		echo "bench: run:  sudo apt-get update && sudo apt-get install -y $missing" >&2
		exit 1
	fi
	echo "bench: installing $missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends $missing >&2 || {
		echo "bench: apt-get could not install: $missing" >&2
		exit 1
	}
fi

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
