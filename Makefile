# The plan ledger: one non-recursive GNU Makefile.
#
#   make              build build/plan (and build/git-plan, build/locale/*/plan.mo)
#   make pot          po/plan.pot from the messages marked in the sources
#   make test         every test; ends with "N passed, N failed"
#   make demo         the README's main job
#   make SANITIZE=address,undefined test
#   make install PREFIX=/usr/local DESTDIR=
#   make bench [SCALE=small]   synthetic ledgers timed beside git, ajv-cli, jsonschema
#   make fuzz [FUZZ_SECONDS=60]  libFuzzer targets (clang); make fuzz-smoke: 10 s each
#
# Objects go under build/ (build/sanitize/ for a sanitizer build).

VERSION  := 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
DESTDIR  ?=
CC       ?= cc
WERROR   ?= -Werror
SANITIZE ?=

ifeq ($(SANITIZE),)
B := build
else
B := build/sanitize
endif

PKGS        := libgit2 yaml-0.1 libpcre2-8 xlsxwriter minizip expat libmicrohttpd
DEPS_STAMP  := build/.deps-ok
PKG_CFLAGS   = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell pkg-config --libs cmocka 2>/dev/null)

WARN := -Wall -Wextra $(WERROR) -Wstrict-prototypes -Wmissing-prototypes -Wshadow -Wvla \
	-Wformat=2 -Wno-format-nonliteral
OPT ?= -O2 -g
CFLAGS ?=
override CFLAGS += -std=c11 -D_DEFAULT_SOURCE $(OPT) $(WARN) -Itools/lib -Itools/cli \
	-DPLAN_VERSION='"$(VERSION)"' -DPLAN_DATADIR='"$(DATADIR)/plan"' \
	-DPLAN_LOCALEDIR='"$(LOCALEDIR)"' $(PKG_CFLAGS) -MMD -MP
# libcsv has no pkg-config module on Debian.
LDLIBS += $(PKG_LIBS) -lcsv -lm -pthread
ifneq ($(SANITIZE),)
override CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIB_SRC  := $(sort $(shell find tools/lib -name '*.c'))
CLI_SRC  := $(sort $(wildcard tools/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
SUITE_SRC := $(sort $(wildcard tests/suites/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(B)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/obj/%.o)
LIBPLAN  := $(B)/libplan.a
PLAN     := $(B)/plan
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
SUITE_BIN := $(SUITE_SRC:tests/suites/%.c=$(B)/tests/%)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(B)/tests/replay_%)
# The synthetic ledger generator and the benchmark's helpers (tools/gen/):
# not part of libplan; plan-gen links it to read the plan.
GEN      := $(B)/plan-gen
BENCH_BIN := $(B)/bench-time $(B)/bench-index

.PHONY: all pot po deps check-deps test check-build demo bench fuzz fuzz-build fuzz-smoke install uninstall clean format tidy
.DEFAULT_GOAL := all

# The translations: po/LANG.po compiled to $(B)/locale/LANG/LC_MESSAGES/plan.mo,
# which build/plan finds beside itself (PLAN_LOCALEDIR overrides).
PO_LANGS := sv
MO_FILES := $(PO_LANGS:%=$(B)/locale/%/LC_MESSAGES/plan.mo)
# Besides _, N_ and ngettext, the functions that translate their own format
# string: cli_usage_error, cli_error, diag_add, error_set, error_set_errno,
# the rule checks' add, the push checks' refused_ref, the audit's
# and the YAML and JSON readers' finding, finding_at and fail_at.
XGETTEXT_FLAGS := --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	--keyword=ngettext:1,2 --keyword=cli_usage_error:2 --keyword=cli_error:1 \
	--keyword=diag_add:7 --keyword=error_set:1 --keyword=error_set_errno:1 \
	--keyword=add:6 --keyword=refused_ref:3 --keyword=finding:3 --keyword=finding:4 \
	--keyword=finding_at:4 --keyword=fail_at:3 --add-comments=TRANSLATORS: --add-location=file --sort-by-file \
	--package-name=plan --package-version=$(VERSION) --msgid-bugs-address=plan \
	--copyright-holder=

all: $(PLAN) $(B)/git-plan $(MO_FILES)

$(B)/locale/%/LC_MESSAGES/plan.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# The template of every marked message; sv.po follows it with
# msgmerge --no-location -U po/sv.po po/plan.pot (tests/cli/t0150-i18n.sh
# names every message without its translation).
POT ?= po/plan.pot
pot:
	xgettext $(XGETTEXT_FLAGS) -o $(POT) $(LIB_SRC) $(CLI_SRC)

# After a message is added or changed: the template anew, the new and changed
# messages merged into each po/LANG.po (untranslated ones then have an empty
# msgstr, which the i18n test names), and the Swedish manual page made again
# from the Swedish help.
po: pot all
	for l in $(PO_LANGS); do msgmerge -q --update --backup=none --no-location \
		--no-wrap po/$$l.po $(POT) || exit 1; done
	$(MAKE) all
	python3 doc/sv/gen-plan.1.py $(B)/plan >doc/sv/plan.1

# Installs missing Debian packages (as root) or says which command to run.
deps: $(DEPS_STAMP)
$(DEPS_STAMP): tools/deps.sh
	@sh tools/deps.sh
	@mkdir -p $(dir $@) && touch $@

# Every program the scripts and tools run comes from a package deps.sh installs.
check-deps: all
	@PLAN=$(abspath $(PLAN)) sh tests/cli/t0001-deps.sh

$(B)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIBPLAN): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(PLAN): $(CLI_OBJ) $(LIBPLAN)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIBPLAN) $(LDLIBS)

$(B)/git-plan: $(PLAN)
	ln -sf plan $@

$(B)/tests/test_%: tests/unit/test_%.c $(LIBPLAN) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBPLAN) $(CMOCKA_LIBS) $(LDLIBS)

$(B)/tests/%: tests/suites/%.c $(LIBPLAN) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBPLAN) $(LDLIBS)

# The fuzz targets' corpora replay without libFuzzer in every test run.
$(B)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h tests/fuzz/replay.c $(LIBPLAN) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBPLAN) $(LDLIBS)

$(GEN): tools/gen/plan-gen.c $(LIBPLAN) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBPLAN) $(LDLIBS)

$(B)/bench-time: tools/gen/bench-time.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

$(B)/bench-index: tools/gen/bench-index.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

check-build: all $(UNIT_BIN) $(SUITE_BIN) $(REPLAY_BIN) $(GEN)

# The browser test of the HTML report needs chromium: installed here like the
# build's libraries (as root), or the command to run is printed and make stops.
test: check-build
	@sh tools/deps.sh --browser
	@B=$(B) PLAN=$(abspath $(PLAN)) sh tests/run.sh

# libFuzzer builds with clang: make fuzz [FUZZ_SECONDS=60]. UBSan must stop
# the run (-fno-sanitize-recover), or undefined behaviour only prints. New
# inputs go to build/fuzz/<target>.corpus; tests/fuzz/<target>.dict, when
# there, gives the fuzzer the input's words. The library is built once for
# all targets, with the same definitions as the ordinary build.
# make fuzz-smoke: every target built and run FUZZ_SECONDS=10 each (CI).
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_B := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -g -O1 -Itools/lib -DPLAN_VERSION='"$(VERSION)"' \
	-DPLAN_DATADIR='"$(DATADIR)/plan"' $(FUZZ_SAN) $(PKG_CFLAGS)
FUZZ_OBJ := $(LIB_SRC:%.c=$(FUZZ_B)/obj/%.o)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_B)/%)

# clang and its libFuzzer runtime, installed (or named) like the build's packages.
FUZZ_DEPS_STAMP := build/.deps-fuzz-ok
$(FUZZ_DEPS_STAMP): tools/deps.sh
	@sh tools/deps.sh clang libclang-rt-dev
	@mkdir -p $(dir $@) && touch $@

$(FUZZ_B)/obj/%.o: %.c | $(DEPS_STAMP) $(FUZZ_DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_B)/libplan.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_B)/libplan.a | $(FUZZ_DEPS_STAMP)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_B)/libplan.a $(PKG_LIBS) -lcsv -lm

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@for f in $(FUZZ_BIN); do \
	  n=$$(basename $$f); \
	  mkdir -p $(FUZZ_B)/$$n.corpus; \
	  dict=; [ -f tests/fuzz/$$n.dict ] && dict=-dict=tests/fuzz/$$n.dict; \
	  echo "$$n: $(FUZZ_SECONDS) s"; \
	  ./$$f -max_total_time=$(FUZZ_SECONDS) -max_len=70000 -timeout=5 $$dict \
	    -artifact_prefix=$(FUZZ_B)/$$n- -print_final_stats=1 \
	    $(FUZZ_B)/$$n.corpus tests/fuzz/corpus/$${n#fuzz_} 2>$(FUZZ_B)/$$n.log || \
	    { tail -n 40 $(FUZZ_B)/$$n.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units' $(FUZZ_B)/$$n.log || true; \
	done

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(if $(filter command line,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),10)

# Synthetic ledgers of 10k, 50k and 200k events (SCALE=small: 10k only),
# timed beside their peers; the table goes to build/bench/results.md.
SCALE ?= all
bench: all $(GEN) $(BENCH_BIN)
	@B=$(B) SCALE='$(SCALE)' sh bench/run.sh

demo: all
	@sh tools/demo.sh $(abspath $(PLAN))

# What 'plan init' copies: PREFIX/share/plan/{schemas,hooks,records} (no events).
PLAN_SHARE := $(DATADIR)/plan
SHARE_FILES := $(sort $(wildcard schemas/*.yaml) \
	$(shell find records -type f ! -path 'records/events/*' ! -name '.*' 2>/dev/null))
HOOK_FILES := $(sort $(wildcard hooks/pre-*))
SHARE_DIRS := $(sort $(patsubst %/,%,$(dir $(SHARE_FILES) $(HOOK_FILES))))

install: all
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/sv/man1" \
		"$(DESTDIR)$(BASHCOMPDIR)"
	install -m 755 $(PLAN) "$(DESTDIR)$(BINDIR)/plan"
	ln -sf plan "$(DESTDIR)$(BINDIR)/git-plan"
	install -m 644 doc/plan.1 "$(DESTDIR)$(MANDIR)/man1/plan.1"
	printf '.so man1/plan.1\n' >"$(DESTDIR)$(MANDIR)/man1/git-plan.1"
	chmod 644 "$(DESTDIR)$(MANDIR)/man1/git-plan.1"
	install -m 644 doc/sv/plan.1 "$(DESTDIR)$(MANDIR)/sv/man1/plan.1"
	printf '.so man1/plan.1\n' >"$(DESTDIR)$(MANDIR)/sv/man1/git-plan.1"
	chmod 644 "$(DESTDIR)$(MANDIR)/sv/man1/git-plan.1"
	install -m 644 contrib/completion/plan.bash "$(DESTDIR)$(BASHCOMPDIR)/plan"
	for l in $(PO_LANGS); do \
		install -d "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES" && \
		install -m 644 $(B)/locale/$$l/LC_MESSAGES/plan.mo \
			"$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/plan.mo" || exit 1; done
	for d in $(SHARE_DIRS); do install -d "$(DESTDIR)$(PLAN_SHARE)/$$d" || exit 1; done
	for f in $(SHARE_FILES); do install -m 644 $$f "$(DESTDIR)$(PLAN_SHARE)/$$f" || exit 1; done
	for f in $(HOOK_FILES); do install -m 755 $$f "$(DESTDIR)$(PLAN_SHARE)/$$f" || exit 1; done

# Removes exactly what install put there, then the folders of share/plan
# that are left empty; never a whole folder with something else in it.
uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/plan" "$(DESTDIR)$(BINDIR)/git-plan" \
		"$(DESTDIR)$(MANDIR)/man1/plan.1" "$(DESTDIR)$(MANDIR)/man1/git-plan.1" \
		"$(DESTDIR)$(MANDIR)/sv/man1/plan.1" "$(DESTDIR)$(MANDIR)/sv/man1/git-plan.1" \
		"$(DESTDIR)$(BASHCOMPDIR)/plan"
	for l in $(PO_LANGS); do rm -f "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/plan.mo"; done
	for f in $(SHARE_FILES) $(HOOK_FILES); do rm -f "$(DESTDIR)$(PLAN_SHARE)/$$f"; done
	for d in $(sort $(SHARE_DIRS) records) ; do echo $$d; done | sort -r | \
		while read -r d; do rmdir "$(DESTDIR)$(PLAN_SHARE)/$$d" 2>/dev/null || true; done
	rmdir "$(DESTDIR)$(PLAN_SHARE)" 2>/dev/null || true

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(wildcard tools/gen/*.c) $(wildcard tools/lib/*.h tools/lib/*/*.h tools/cli/*.h)

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(GEN).d $(BENCH_BIN:=.d)
