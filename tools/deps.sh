#!/bin/sh
# Makes sure the libraries the build needs are present. On Debian and its
# kin, missing packages are installed with apt-get when run as root;
# otherwise the exact command to run is printed and the build stops.
# Further Debian packages may be named as arguments (make bench names the
# peers it lacks); they are installed the same way.
set -u

# pkg-config module  Debian package
need="libgit2:libgit2-dev yaml-0.1:libyaml-dev libpcre2-8:libpcre2-dev cmocka:libcmocka-dev"
missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
command -v git >/dev/null 2>&1 || missing="$missing git"
for pair in $need; do
	mod=${pair%%:*}
	pkg=${pair#*:}
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod"; then
		missing="$missing $pkg"
	fi
done
for pkg in "$@"; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $pkg"
done
missing=$(echo $missing)
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: these are missing: $missing" >&2
	echo "deps: install their equivalents with your system's package manager" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: these packages are missing: $missing" >&2
	echo "deps: run:  sudo apt-get update && sudo apt-get install -y $missing" >&2
	exit 1
fi
echo "deps: installing $missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends $missing >&2 || {
	echo "deps: apt-get could not install: $missing" >&2
	exit 1
}
