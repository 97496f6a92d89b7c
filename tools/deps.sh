#!/bin/sh
# Makes sure that everything the build, the demo and the tests run is on
# this machine. On Debian and its kin, missing packages are installed with
# apt-get when run as root; otherwise the one command that installs them is
# printed (with sudo, or su where sudo is missing) and the build stops.
#
#   sh tools/deps.sh             the compiler, the libraries and the tools
#                                that the build, the demo and the tests run
#   sh tools/deps.sh PKG...      the same, and these Debian packages too
#                                (make bench names the peers it lacks)
#   sh tools/deps.sh --browser   a headless browser (Debian's chromium), its
#                                driver and Selenium, a font, and poppler-utils
#                                (pdftotext), for the tests that render and
#                                print the report and drive plan serve;
#                                xdg-open for plan serve --open
#   sh tools/deps.sh --list      the table below, one "kind name package"
#                                line each (tests/cli/t0001-deps.sh reads it)
#
# A new program that the build or a test runs needs its line here:
# t0001-deps fails when a test script runs a command whose package is
# neither listed below nor part of every Debian system.
set -u

# kind  name                  Debian package
#   cmd:  a command on PATH
#   file: a file that must exist
#   pc:   a pkg-config module
#   py:   a Python 3 module (for python3, or Debian's /usr/bin/python3 when
#         python3 on PATH is another one)
#   font: any TrueType or OpenType font
BUILD='
cmd   cc                    gcc
file  /usr/include/stdio.h  libc6-dev
cmd   ar                    binutils
cmd   pkg-config            pkg-config
pc    libgit2               libgit2-dev
pc    yaml-0.1              libyaml-dev
pc    libpcre2-8            libpcre2-dev
pc    cmocka                libcmocka-dev
file  /usr/include/csv.h    libcsv-dev
pc    xlsxwriter            libxlsxwriter-dev
pc    minizip               libminizip-dev
pc    expat                 libexpat1-dev
pc    libmicrohttpd         libmicrohttpd-dev
cmd   git                   git
cmd   ssh-keygen            openssh-client
cmd   python3               python3
py    yaml                  python3-yaml
py    openpyxl              python3-openpyxl
cmd   man                   man-db
cmd   groff                 groff-base
cmd   pre-commit            pre-commit
cmd   strace                strace
cmd   pgrep                 procps
cmd   msgfmt                gettext
cmd   xgettext              gettext
cmd   node                  nodejs
cmd   npm                   npm
cmd   vim                   vim
file  /usr/sbin/apache2     apache2
cmd   htpasswd              apache2-utils
'
BROWSER='
cmd   chromium              chromium
cmd   chromedriver          chromium-driver
py    selenium              python3-selenium
cmd   xdg-open              xdg-utils
font  any                   fonts-dejavu-core
cmd   pdftotext             poppler-utils
cmd   pdftoppm              poppler-utils
cmd   pdfinfo               poppler-utils
'

# present KIND NAME: whether the thing is on this machine.
present() {
	case "$1" in
	cmd) command -v "$2" >/dev/null 2>&1 ;;
	file) [ -e "$2" ] ;;
	pc) command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$2" ;;
	py) command -v python3 >/dev/null 2>&1 && { python3 -c "import $2" 2>/dev/null ||
		{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import $2" 2>/dev/null; }; } ;;
	font) [ -n "$(find /usr/share/fonts -name '*.tt[fc]' -o -name '*.otf' 2>/dev/null | head -n 1)" ] ;;
	*) return 1 ;;
	esac
}

# missing_in TABLE: the packages of TABLE's lines whose thing is absent.
missing_in() {
	printf '%s\n' "$1" | while read -r kind name pkg; do
		[ -n "$kind" ] || continue
		present "$kind" "$name" || printf '%s\n' "$pkg"
	done
}

extra=""
case "${1:-}" in
--list)
	printf '%s\n%s\n' "$BUILD" "$BROWSER" | awk 'NF == 3 { print $1, $2, $3 }'
	exit 0
	;;
--browser)
	missing=$(missing_in "$BROWSER")
	;;
*)
	missing=$(missing_in "$BUILD")
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
			extra="$extra $pkg"
	done
	;;
esac
missing=$(echo $missing $extra | tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ')
missing=$(echo $missing)
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: these are missing: $missing" >&2
	echo "deps: install their equivalents with your system's package manager, then run make again" >&2
	exit 1
fi
install="apt-get update && apt-get install -y --no-install-recommends $missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: these Debian packages are missing: $missing" >&2
	if command -v sudo >/dev/null 2>&1; then
		echo "deps: install them with this command, then run make again:" >&2
		echo "  sudo sh -c '$install'" >&2
	else
		echo "deps: install them with this command (it asks for the root password), then run make again:" >&2
		echo "  su -c '$install'" >&2
	fi
	exit 1
fi
echo "deps: installing $missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends $missing >&2 || {
	echo "deps: apt-get could not install: $missing" >&2
	exit 1
}
# Check again: a package that installed but did not bring what was needed
# would otherwise fail later with a compiler's or a shell's message.
if [ "${1:-}" = --browser ]; then
	still=$(missing_in "$BROWSER")
else
	still=$(missing_in "$BUILD")
fi
still=$(echo $still)
if [ -n "$still" ]; then
	echo "deps: installed, but still missing what these packages should bring: $still" >&2
	exit 1
fi
exit 0
