# The report tests' fixture: a ledger history built with real git and fixed
# dates, sourced by t0090 and t0091 after lib.sh. Events are recorded both
# by direct commits and by branches of another author merged with an
# Approved-by trailer (as plan approve does), with evidence, a correction
# and a late deliverable.

# commit_on DATE MESSAGE: commits everything, dated DATE (noon UTC).
commit_on() {
	git add -A &&
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" git commit -qm "$2"
}

# approve_on DATE BRANCH: merges BRANCH into main with --no-ff and an
# Approved-by trailer, dated DATE, the way a reviewer approves a change.
approve_on() {
	git checkout -q main &&
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" \
		git merge -q --no-ff "$2" -m "Approve $2" \
		-m "Approved-by: handlaggare-1 <handlaggare-1@example.org>"
}

# on_branch_by_two DATE BRANCH MESSAGE: commits everything on BRANCH as
# handlaggare-2, dated DATE.
commit_as_two() {
	git add -A &&
	GIT_AUTHOR_NAME="Handläggare Två" GIT_AUTHOR_EMAIL=handlaggare-2@example.org \
	GIT_COMMITTER_NAME="Handläggare Två" GIT_COMMITTER_EMAIL=handlaggare-2@example.org \
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" git commit -qm "$2"
}

# make_report_fixture DIR: the fixture history in DIR (a fresh folder).
make_report_fixture() {
	make_ledger "$1" && cd "$1" &&
	GIT_COMMITTER_DATE=2018-01-26T12:00:00Z git commit -q --amend -m "Start the ledger" \
		--date=2018-01-26T12:00:00Z &&
	write_event . 2018-03-01 statistik-1 seminar I1 "evidence:
  - {type: diarienummer, ref: \"RUN 18/00042\"}" >/dev/null &&
	write_event . 2018-05-01 statistik-2 seminar I1 >/dev/null &&
	write_event . 2018-09-01 statistik-3 workshop I1 >/dev/null &&
	write_event . 2018-04-02 upphandling seminar I14 >/dev/null &&
	commit_on 2018-10-01 "Statistics and procurement seminars" &&
	git checkout -q -b kartlaggning &&
	write_event . 2018-11-15 kartlaggning-forslag proposal I17 "evidence:
  - {type: diarienummer, ref: \"RUN 18/00311\"}
  - {type: protokoll, ref: \"RUN 2018-11-15 § 12\"}" >/dev/null &&
	write_event . 2018-02-15 arbetsgrupp decision I23 >/dev/null &&
	for d in 2018-02-20 2018-04-10 2018-06-05 2018-08-21 2018-10-09 2018-11-27; do
		write_event . $d arbetsgrupp-mote meeting I24 >/dev/null || return 1
	done &&
	write_event . 2018-05-10 bidragsforslag proposal I10 >/dev/null &&
	commit_as_two 2018-11-16 "The mapping proposal, the working group" &&
	approve_on 2018-11-20 kartlaggning &&
	for d in 2019-01-10 2019-01-24 2019-02-07 2019-02-21; do
		write_event . $d statistik seminar I1 >/dev/null || return 1
	done &&
	write_event . 2018-03-12 foreningsmote-1 meeting I7 >/dev/null &&
	write_event . 2018-10-03 foreningsmote-2 meeting I7 >/dev/null &&
	write_event . 2019-02-13 foreningsmote-3 meeting I7 >/dev/null &&
	commit_on 2019-03-01 "Four statistics seminars in 2019, association meetings" &&
	git checkout -q -b uppfoljning-2019 &&
	write_event . 2019-04-24 overenskommelse proposal I8 >/dev/null &&
	write_event . 2019-06-11 samhallsnytta report I4 "evidence:
  - {type: url, ref: \"https://example.org/rapport-2019\"}" >/dev/null &&
	write_event . 2019-12-10 kartlaggning report I18 >/dev/null &&
	write_event . 2019-03-28 reves-styrelse meeting I29 >/dev/null &&
	write_event . 2019-09-19 reves-styrelse meeting I29 >/dev/null &&
	write_event . 2019-05-14 sonderingsresa trip I31 >/dev/null &&
	write_event . 2019-10-08 europeisk-konferens conference I33 >/dev/null &&
	commit_as_two 2019-12-18 "Follow-up of 2019" &&
	approve_on 2019-12-20 uppfoljning-2019 &&
	write_event . 2020-02-15 stodformer report I21 >/dev/null &&
	commit_on 2020-03-01 "The compilation, late" &&
	write_event . 2018-04-03 upphandling-rattad seminar I14 "supersedes: 2018-04-02-upphandling
reason: fel datum" >/dev/null &&
	commit_on 2020-03-10 "Correct the procurement seminar" &&
	git checkout -q -b var-2020 &&
	write_event . 2020-03-01 finansiering-1 seminar I22 >/dev/null &&
	write_event . 2020-04-01 finansiering-2 seminar I22 >/dev/null &&
	write_event . 2020-04-20 partnerskap meeting I26 >/dev/null &&
	write_event . 2020-02-03 projektansokan application I32 >/dev/null &&
	commit_as_two 2020-04-28 "Spring 2020" &&
	approve_on 2020-05-01 var-2020 &&
	git branch -q -D kartlaggning uppfoljning-2019 var-2020
}
