#!/bin/sh
# Makes sure the libraries the build needs are present. On Debian and its
# kin, missing packages are installed with apt-get when run as root;
# otherwise the exact command to run is printed and the build stops.
#
#   sh tools/deps.sh             the build's libraries and tools
#   sh tools/deps.sh PKG...      the same, and these Debian packages too
#                                (make bench names the peers it lacks)
#   sh tools/deps.sh --browser   a headless browser (Debian's chromium) for
#                                the test that renders the HTML report
set -u

missing=""
case "${1:-}" in
--browser)
	# The browser test runs `chromium`; Debian's package provides it. A
	# machine without any font would draw every letter as a box.
	command -v chromium >/dev/null 2>&1 || missing="chromium"
	font=$(find /usr/share/fonts -name '*.tt[fc]' -o -name '*.otf' 2>/dev/null | head -n 1)
	[ -n "$font" ] || missing="$missing fonts-dejavu-core"
	;;
*)
	# pkg-config module  Debian package
	need="libgit2:libgit2-dev yaml-0.1:libyaml-dev libpcre2-8:libpcre2-dev cmocka:libcmocka-dev"
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
	command -v git >/dev/null 2>&1 || missing="$missing git"
	command -v ssh-keygen >/dev/null 2>&1 || missing="$missing openssh-client"
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
	;;
esac
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
