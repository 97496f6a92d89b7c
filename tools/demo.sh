#!/bin/sh
# The README's main job: a demonstration ledger of the shipped Örebro plan
# under build/demo/, with an INVENTED 2018-2021 history made by the real
# tools, then its fulfilment.
#
# Three invented staff (handlaggare-1, -2, -3) record events on branches;
# a reviewer who is not the author approves each branch into main with a
# signed merge (keys generated here); commits are dated on the days the
# events were recorded, some weeks late; one event is corrected by a new
# one that supersedes it; some indicators are missed. Nothing in this
# history happened: it shows what the tools do with such a history.
set -eu

PLAN=$(cd "$(dirname "${1:-build/plan}")" && pwd)/$(basename "${1:-build/plan}")
OUT=${DEMO_DIR:-build/demo}
export LC_ALL=C.UTF-8 TZ=Europe/Stockholm GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE

rm -rf "$OUT"
mkdir -p "$OUT/homes" "$OUT/keys"
OUT=$(cd "$OUT" && pwd)
LEDGER=$OUT/ledger

# person N: the Git identity, home and signing key of handlaggare-N.
person() {
	n=$1
	h=$OUT/homes/$n
	if [ ! -d "$h" ]; then
		mkdir -p "$h"
		ssh-keygen -q -t ed25519 -N "" -C "handlaggare-$n@example.org" -f "$OUT/keys/handlaggare-$n"
		HOME=$h git config --global user.name "Handläggare $n"
		HOME=$h git config --global user.email "handlaggare-$n@example.org"
		HOME=$h git config --global init.defaultBranch main
		HOME=$h git config --global gpg.format ssh
		HOME=$h git config --global user.signingkey "$OUT/keys/handlaggare-$n"
		# No background housekeeping after each merge: the demo's ledger
		# is small, and "git maintenance" would cost a process a branch.
		HOME=$h git config --global gc.auto 0
		HOME=$h git config --global maintenance.auto false
	fi
}

# as N DAY COMMAND...: runs COMMAND as handlaggare-N on DAY (14:00 local time).
as() {
	n=$1 day=$2
	shift 2
	(
		HOME=$OUT/homes/$n
		GIT_AUTHOR_NAME="Handläggare $n" GIT_AUTHOR_EMAIL="handlaggare-$n@example.org"
		GIT_COMMITTER_NAME="Handläggare $n" GIT_COMMITTER_EMAIL="handlaggare-$n@example.org"
		GIT_AUTHOR_DATE="${day}T14:00:00" GIT_COMMITTER_DATE="${day}T14:00:00"
		export HOME GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
		export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
		"$@"
	)
}

for n in 1 2 3; do person "$n"; done

# The ledger starts from the shipped plan, with the invented staff in place
# of the real ones, their keys, and signed approvals required.
as 1 2018-01-26 "$PLAN" init "$LEDGER" >/dev/null 2>&1
cd "$LEDGER"
cat >records/people.yaml <<'EOF'
# yaml-language-server: $schema=../schemas/people.schema.yaml
people:
  - id: handlaggare-1
    name: Handläggare Ett
    email: handlaggare-1@example.org
    fte: 1.0
    roles: [staff, reviewer]
  - id: handlaggare-2
    name: Handläggare Två
    email: handlaggare-2@example.org
    fte: 1.0
    roles: [staff, reviewer]
  - id: handlaggare-3
    name: Handläggare Tre
    email: handlaggare-3@example.org
    fte: 0.8
    roles: [staff, auditor]
note: INVENTED people for the demonstration ledger; none of them exists.
EOF
: >records/allowed_signers
# Every commit that changes records/ is signed by its maker (plan audit,
# rule 7), so staff keys are listed too, not only the reviewers'.
for n in 1 2 3; do
	printf 'handlaggare-%s@example.org namespaces="git" %s\n' "$n" \
		"$(cut -d' ' -f1,2 "$OUT/keys/handlaggare-$n.pub")" >>records/allowed_signers
done
sed -i 's/signed: false/signed: true/' records/plan.yaml
git add -A
as 1 2018-01-26 git commit -q --amend -m "Start the ledger (demonstration, invented staff)" >/dev/null

# The invented history: one line per event.
#   recorded  staff  date  kind  indicators  slug | title
# Events recorded on the same day by the same person go on one branch.
# A reviewer other than the author approves the branch the next working day.
# record_event: the staff member records one event with plan add event, on
# the day they record it (so "in the future" is judged as it was then).
slug_n=0
record_event() {
	date=$1 kind=$2 inds=$3 title=$4 who=$5 supersedes=$6 reason=$7
	slug_n=$((slug_n + 1))
	set -- --date "$date" --kind "$kind" --indicator "$inds" --title "$title" \
		--evidence "diarienummer:DEMO ${date%%-*}/$(printf %04d $slug_n)"
	if [ -n "$supersedes" ]; then
		set -- "$@" --supersedes "$supersedes" --reason "$reason"
	fi
	PLAN_TODAY=$branch_day as "$who" "$branch_day" "$PLAN" add event "$@" >/dev/null
}

branch=
branch_who=
branch_day=
flush() {
	[ -n "$branch" ] || return 0
	git add records
	as "$branch_who" "$branch_day" git commit -q -S -m "Record the events of $branch_day" >/dev/null
	git checkout -q main
	reviewer=1
	[ "$branch_who" = 1 ] && reviewer=2
	as "$reviewer" "$branch_day" "$PLAN" approve "$branch" >/dev/null
	git branch -q -d "$branch"
	branch=
}

while IFS='|' read -r recorded who date kind inds title supersedes reason; do
	case "$recorded" in '' | '#'*) continue ;; esac
	if [ "$recorded/$who" != "$branch_day/$branch_who" ]; then
		flush
		branch="handlaggare-$who/$recorded"
		branch_who=$who
		branch_day=$recorded
		git checkout -q -b "$branch" main
	fi
	record_event "$date" "$kind" "$inds" "$title" "$who" "$supersedes" "$reason"
done <<'EOF'
# recorded|who|date|kind|indicators|title|supersedes|reason
2018-02-16|1|2018-02-15|decision|I23|Förvaltningens ledningsgrupp beslutar att bilda arbetsgruppen||
2018-03-09|2|2018-03-08|seminar|I1|Seminarium om statistik för civilsamhället||
2018-03-09|2|2018-03-07|meeting|I26|Arbetsutskottets möte||
2018-03-23|3|2018-03-22|meeting|I24|Arbetsgruppens första träff||
2018-03-23|3|2018-03-21|meeting|I7|Möte med länsföreningarna om överenskommelsen||
2018-04-13|1|2018-04-12|seminar|I14|Informationsseminarium om upphandling med social hänsyn||
2018-04-13|1|2018-04-11|meeting|I25|Stormöte i Partnerskapet för sociala innovationer||
2018-04-13|1|2018-04-10|proposal|I11|Förslag på inriktning för utlysningen sociala innovationer||
2018-05-18|2|2018-05-16|workshop|I1|Workshop om data för social ekonomi||
2018-05-18|2|2018-05-15|meeting|I26|Arbetsutskottets möte||
2018-05-18|2|2018-05-14|meeting|I24|Arbetsgruppens träff||
2018-06-01|3|2018-05-30|training|I15|Anbudsskola om upphandling med social hänsyn||
2018-06-01|3|2018-05-29|meeting|I29|REVES styrelsemöte||
2018-06-01|3|2018-05-28|meeting|I30|REVES årsmöte||
2018-06-15|1|2018-06-14|proposal|I12|Förslag om fördelning av stöd till sociala innovationer||
2018-06-15|1|2018-06-13|meeting|I24|Arbetsgruppens träff||
2018-06-15|1|2018-06-12|meeting|I26|Arbetsutskottets möte||
2018-09-14|2|2018-09-13|seminar|I1|Seminarium om statistik och longitudinella analyser||
2018-09-14|2|2018-09-12|meeting|I25|Stormöte i Partnerskapet||
2018-09-14|2|2018-09-11|meeting|I7|Möte med länsföreningarna om överenskommelsen||
2018-10-05|3|2018-10-04|trip|I31|Sonderingsresa till REVES-medlemmar||
2018-10-05|3|2018-10-03|proposal|I17|Förslag till kartläggning av sociala företag||
2018-10-05|3|2018-10-02|conference|I33|Europeisk konferens om social ekonomi||
2018-10-26|1|2018-10-25|meeting|I24|Arbetsgruppens träff||
2018-10-26|1|2018-10-24|meeting|I26|Arbetsutskottets möte||
2018-10-26|1|2018-10-23|seminar|I19|Informationstillfälle om certifiering av arbetsintegrerande sociala företag||
2018-11-16|2|2018-11-15|proposal|I2|Förslag om hur regionen kan bidra till statistik||
2018-11-16|2|2018-11-14|workshop|I1|Workshop om statistik med SCB||
2018-11-16|2|2018-11-13|meeting|I25|Stormöte i Partnerskapet||
2018-11-16|2|2018-11-12|proposal|I10|Förslag om fördelning av föreningsstöd 2019||
2018-12-07|3|2018-12-06|meeting|I24|Arbetsgruppens träff||
2018-12-07|3|2018-12-05|meeting|I29|REVES styrelsemöte||
2018-12-07|3|2018-12-04|meeting|I25|Stormöte i Partnerskapet||
2018-12-07|3|2018-12-03|report|I13|Sammanställning av utlysningens resultatuppföljning||
2018-12-07|3|2018-12-02|meeting|I24|Arbetsgruppens träff||
2019-01-18|1|2019-01-17|meeting|I7|Tredje mötet med länsföreningarna om överenskommelsen||
2019-01-18|1|2019-01-16|meeting|I26|Arbetsutskottets möte||
2019-03-08|2|2019-03-07|proposal|I27|Förslag om hur dialogmötena kan utvecklas||
2019-03-08|2|2019-03-06|proposal|I11|Förslag på inriktning för utlysningen 2019||
2019-03-08|2|2019-03-05|seminar|I1|Seminarium om statistik 2019||
2019-04-12|3|2019-04-11|training|I15|Anbudsskola om upphandling med social hänsyn||
2019-04-12|3|2019-04-10|seminar|I14|Informationsseminarium om social hänsyn i upphandling||
2019-04-12|3|2019-04-09|meeting|I24|Arbetsgruppens träff||
2019-05-10|1|2019-05-09|proposal|I6|Utredningsförslag om en återkommande konferens||
2019-05-10|1|2019-05-08|proposal|I12|Förslag om fördelning av stöd till sociala innovationer||
2019-05-10|1|2019-05-07|meeting|I25|Stormöte i Partnerskapet||
2019-06-14|2|2019-06-13|proposal|I8|Förslag till ny överenskommelse med ny dialogform||
2019-06-14|2|2019-06-12|meeting|I30|REVES årsmöte||
2019-06-14|2|2019-06-11|meeting|I29|REVES styrelsemöte||
2019-06-14|2|2019-06-10|workshop|I1|Workshop om regional statistik||
2019-09-20|3|2019-09-19|meeting|I24|Arbetsgruppens träff||
2019-09-20|3|2019-09-18|meeting|I25|Stormöte i Partnerskapet||
2019-09-20|3|2019-09-17|trip|I31|Sonderingsresa inom REVES||
2019-10-25|1|2019-10-24|report|I4|Sammanställning av metoder för att värdera samhällsnytta||
2019-10-25|1|2019-10-23|seminar|I19|Seminarium om certifiering av arbetsintegrerande sociala företag||
2019-10-25|1|2019-10-22|conference|I33|Konferens om social ekonomi i Europa||
2019-11-29|2|2019-11-28|report|I16|Översyn av upphandlingar där social hänsyn är möjlig||
2019-11-29|2|2019-11-27|proposal|I10|Förslag om fördelning av föreningsstöd 2020||
2019-11-29|2|2019-11-26|application|I32|Projektansökan med partner i Italien och Spanien||
2019-12-13|3|2019-12-12|report|I21|Sammanställning av ekonomiska stödformer och finansiella instrument||
2019-12-13|3|2019-12-11|report|I13|Resultatuppföljning av utlysningen 2019||
2019-12-13|3|2019-12-10|meeting|I29|REVES styrelsemöte||
2019-12-13|3|2019-12-09|meeting|I24|Arbetsgruppens träff||
2020-01-17|1|2019-12-18|meeting|I25|Stormöte i Partnerskapet, rapporterat i efterhand||
2020-03-13|2|2020-03-11|report|I18|Kartläggningen av sociala företag presenterad för nämnden||
2020-03-13|2|2020-03-10|seminar|I5|Seminarium om värdering av samhällsnytta||
2020-03-13|2|2020-03-09|meeting|I24|Arbetsgruppens träff||
2020-05-15|3|2020-05-14|procurement|I20|Upphandling med krav på certifiering av arbetsintegrerande sociala företag||
2020-05-15|3|2020-05-13|training|I15|Digital anbudsskola om upphandling med social hänsyn||
2020-05-15|3|2020-05-12|proposal|I11|Förslag på inriktning för utlysningen 2020||
2020-09-25|1|2020-09-24|workshop|I5|Workshop om modeller för samhällsnytta||
2020-09-25|1|2020-09-23|seminar|I22|Seminarium om finansiella instrument för sociala företag||
2020-09-25|1|2020-09-22|meeting|I24|Arbetsgruppens träff||
2020-11-20|2|2020-11-19|proposal|I10|Förslag om fördelning av föreningsstöd 2021||
2020-11-20|2|2020-11-18|meeting|I25|Digitalt stormöte i Partnerskapet||
2020-11-20|2|2020-11-17|meeting|I29|REVES styrelsemöte, digitalt||
2020-12-11|3|2020-12-10|report|I13|Resultatuppföljning av utlysningen 2020||
2021-02-12|1|2021-02-11|proposal|I11|Förslag på inriktning för utlysningen 2021||
2021-02-12|1|2021-02-10|meeting|I24|Arbetsgruppens träff||
2021-02-12|1|2021-02-09|meeting|I25|Stormöte i Partnerskapet||
2021-04-16|2|2021-04-15|seminar|I14|Informationsseminarium om upphandling med social hänsyn||
2021-04-16|2|2021-04-14|proposal|I12|Förslag om fördelning av stöd till sociala innovationer||
2021-04-16|2|2021-04-13|application|I32|Projektansökan om social innovation med partner i Polen||
2021-06-11|3|2021-06-10|meeting|I30|REVES årsmöte||
2021-06-11|3|2021-06-09|meeting|I29|REVES styrelsemöte||
2021-06-11|3|2021-06-08|meeting|I24|Arbetsgruppens träff||
2021-09-17|1|2021-09-16|seminar|I19|Seminarium om certifiering||
2021-09-17|1|2021-09-15|meeting|I25|Stormöte i Partnerskapet||
2021-10-22|2|2021-10-21|initiative|I28|En fråga om ett kommunalt samverkansråd väcks i planerings- och organisationskommittén||
2021-10-22|2|2021-10-20|meeting|I29|REVES styrelsemöte||
2021-11-19|3|2021-11-18|proposal|I10|Förslag om fördelning av föreningsstöd 2022||
2021-11-19|3|2021-11-17|meeting|I24|Arbetsgruppens träff||
2021-11-19|3|2021-11-16|meeting|I25|Stormöte i Partnerskapet||
2021-12-10|1|2019-04-12|seminar|I14|Informationsseminarium om social hänsyn i upphandling (rätt datum)|2019-04-10-informationsseminarium-om-social-hansyn|Seminariet hölls den 12 april, inte den 10 april
EOF
flush

"$PLAN" check >/dev/null
"$PLAN" audit >"$OUT/audit.txt"
"$PLAN" status >"$OUT/status.txt"
"$PLAN" status --format json >"$OUT/status.json"
if "$PLAN" help report >/dev/null 2>&1; then
	"$PLAN" report --html "$OUT/report.html" >/dev/null
	"$PLAN" report --format md >"$OUT/report.md"
fi

cat "$OUT/status.txt"
echo
tail -n 1 "$OUT/audit.txt"
echo
echo "The demonstration ledger is in $LEDGER (an INVENTED history: none of these events happened)."
echo "Try: cd $LEDGER && $PLAN trace I14 && $PLAN audit"
if [ -f "$OUT/report.html" ]; then echo "The follow-up report: $OUT/report.html"; fi
