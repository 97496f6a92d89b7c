#!/bin/sh
# The office's year without Git knowledge: plan init with three people and
# their keys, a central repository, a clone each (plan join), events sent
# with plan submit, reviewed and approved from the central repository's
# branches, plan sync, and a clean audit. The only git commands the people
# type are git config (in the 'as' helper's home folders).
. "$(dirname "$0")/lib.sh"

# person N DAY COMMAND...: handlaggare-N at work on DAY, signing with their key.
person() {
	n=$1 day=$2
	shift 2
	if [ ! -f "$TRASH/.home-$n/.gitconfig-signing" ]; then
		as "$n" git config --global gpg.format ssh &&
		as "$n" git config --global user.signingkey "$TRASH/key-$n" &&
		as "$n" git config --global commit.gpgsign true &&
		: >"$TRASH/.home-$n/.gitconfig-signing"
	fi
	PLAN_TODAY=$day GIT_AUTHOR_DATE="${day}T10:00:00Z" GIT_COMMITTER_DATE="${day}T10:00:00Z" \
		as "$n" "$@"
}

people_args() {
	for n in 1 2 3; do
		case $n in 1) roles=staff+reviewer ;; 2) roles=staff+reviewer ;; 3) roles=staff ;; esac
		printf -- '--person\nid=handlaggare-%s,name=Handläggare %s,email=handlaggare-%s@example.org,roles=%s,key=%s/key-%s.pub\n' \
			"$n" "$n" "$n" "$roles" "$TRASH" "$n"
	done
}

test_expect_success 'plan init sets up the people and their keys with the first commit' '
	for n in 1 2 3; do ssh-keygen -q -t ed25519 -N "" -C "handlaggare-$n" -f key-$n || return 1; done &&
	people_args >args && IFS="
" && set -- $(cat args) && unset IFS &&
	person 1 2020-01-10 plan init "$@" L >out &&
	test_grep "with 3 people in records/people.yaml" out &&
	test_grep "plan init --bare DIR --from L" out &&
	test "$(grep -c "^  - id: handlaggare-" L/records/people.yaml)" -eq 3 &&
	test "$(grep -c "^handlaggare-[123]@example.org namespaces=\"git\" ssh-ed25519 " L/records/allowed_signers)" -eq 3 &&
	grep -q "signed: true" L/records/plan.yaml &&
	(cd L && plan check --today 2020-01-10 >/dev/null) &&
	test "$(git -C L rev-list --count HEAD)" -eq 1 &&
	person 1 2020-01-10 plan init --bare central.git --from L >out &&
	test_grep "made a central ledger repository" out
'

test_expect_success 'plan init refuses a signed ledger with fewer than two reviewers with keys' '
	test_must_fail --status=2 plan init --person "id=a,name=A,email=a@example.org,roles=staff+reviewer,key=key-1.pub" one 2>err &&
	test_grep "at least two reviewers" err && test ! -e one &&
	test_must_fail --status=2 plan init --person "id=a,name=A,email=a@example.org,roles=staff+reviewer,key=key-1.pub" \
		--person "id=b,name=B,email=b@example.org,roles=staff+reviewer" two 2>err &&
	test_grep "every reviewer needs a public key: add key=" err && test ! -e two &&
	test_must_fail --status=2 plan init --person "id=a,name=A,roles=staff" three 2>err &&
	test_grep "needs id, name, email and roles" err &&
	test_must_fail --status=2 plan init --person "id=a,name=A,email=a@example.org,roles=boss" four 2>err &&
	test_grep "is no role" err &&
	plan init --unsigned --person "id=a,name=A,email=a@example.org,roles=staff+reviewer" five >/dev/null &&
	grep -q "signed: false" five/records/plan.yaml
'

test_expect_success 'plan init at a terminal asks for the people, again after a mistake' '
	python3 "$SRC/tests/cli/pty-drive.py" transcript-init "$PLAN" init asked <<-EOF &&
	expect Person 1 of the ledger
	expect id \(small letters
	send handlaggare-1
	expect full name
	send Handläggare Ett
	expect e-mail address
	send handlaggare-1@example.org
	expect roles, joined by \+
	send
	expect public key file
	send $TRASH/key-1.pub
	expect Another person\? \(y/N\)
	send
	expect at least two reviewers
	expect Person 2 of the ledger
	expect id \(small letters
	send handlaggare-2
	expect full name
	send Handläggare Två
	expect e-mail address
	send handlaggare-2@example.org
	expect roles, joined by \+
	send staff+reviewer
	expect public key file
	send $TRASH/key-2.pub
	expect Another person\? \(y/N\)
	send n
	expect with 2 people in records/people.yaml
	EOF
	test "$(grep -c "^  - id: handlaggare-" asked/records/people.yaml)" -eq 2 &&
	test "$(grep -c "^handlaggare-[12]@example.org namespaces" asked/records/allowed_signers)" -eq 2
'

test_expect_success 'plan init . works in an empty clone' '
	git init -q --bare empty.git && git clone -q empty.git emptyclone 2>/dev/null &&
	(cd emptyclone && plan init --unsigned --person "id=a,name=A,email=a@example.org,roles=staff+reviewer" . >../out) &&
	test_grep "made a new ledger in \\." out &&
	test "$(git -C emptyclone symbolic-ref HEAD)" = refs/heads/main &&
	test "$(git -C emptyclone rev-list --count main)" -eq 1 &&
	test_must_fail --status=2 plan init --unsigned L 2>err && test_grep "not empty" err
'

test_expect_success 'plan join makes a clone with the hook, and knows who is listed' '
	person 2 2020-01-13 plan join central.git c2 >out &&
	test_grep "You are handlaggare-2 \\(Handläggare 2\\), a reviewer" out &&
	test -x c2/.git/hooks/pre-commit &&
	person 3 2020-01-13 plan init --clone central.git c3 >out &&
	test_grep "You are handlaggare-3" out &&
	person 1 2020-01-13 plan join central.git c1 >/dev/null &&
	test_must_fail person 4 2020-01-13 plan join central.git c4 >out &&
	test_grep "handlaggare-4@example.org .git config user.email. is not in records/people.yaml" out &&
	test_grep "ask a colleague who is to add you" out
'

test_expect_success 'plan join sets up signing with the person.s key, when the ledger asks for it' '
	mkdir -p h6/.ssh && cp key-1 h6/.ssh/id_ed25519 && cp key-1.pub h6/.ssh/id_ed25519.pub &&
	HOME=$TRASH/h6 git config --global user.email handlaggare-1@example.org &&
	HOME=$TRASH/h6 plan join central.git c6 >out &&
	test_grep "signed with .*/.ssh/id_ed25519" out &&
	test "$(git -C c6 config commit.gpgsign)" = true &&
	test "$(git -C c6 config gpg.format)" = ssh &&
	mkdir h7 && HOME=$TRASH/h7 git config --global user.email handlaggare-1@example.org &&
	HOME=$TRASH/h7 plan join central.git c7 >out &&
	test_grep "you have no SSH key yet: make one with ssh-keygen -t ed25519" out
'

test_expect_success 'staff send an event with plan add event --submit' '
	cd c3 &&
	person 3 2020-03-12 plan add event --date 2020-03-10 --kind seminar --indicator I14 \
		--title "Seminarium om upphandling" --evidence "diarienummer:RUN 20/1" --submit >../out &&
	test_grep "Sent for review: the branch handlaggare-3/2020-03-12 \\(1 commit\\)" ../out &&
	test_grep "added records/events/2020/03/2020-03-10-seminarium-om-upphandling.yaml" ../out &&
	test_grep "plan approve origin/handlaggare-3/2020-03-12" ../out &&
	test "$(git -C ../central.git rev-parse handlaggare-3/2020-03-12)" = "$(git rev-parse HEAD)" &&
	test "$(git rev-parse main)" = "$(git -C ../central.git rev-parse main)"
'

test_expect_success 'a reviewer lists the waiting branches, reviews and approves a remote one' '
	cd c2 &&
	person 2 2020-03-13 plan review --pending >../out &&
	test_grep "^origin/handlaggare-3/2020-03-12	1 commit by handlaggare-3@example.org" ../out &&
	person 2 2020-03-13 plan review origin/handlaggare-3/2020-03-12 >../out &&
	test_grep "added event 2020-03-10-seminarium-om-upphandling: .* for I14; evidence: diarienummer RUN 20/1" ../out &&
	person 2 2020-03-13 plan approve origin/handlaggare-3/2020-03-12 >../out &&
	test_grep "approved origin/handlaggare-3/2020-03-12 as [0-9a-f]{12} \\(signed\\)" ../out &&
	test_grep "on the central repository" ../out &&
	test "$(git -C ../central.git rev-parse main)" = "$(git rev-parse main)" &&
	person 2 2020-03-13 plan review --pending >../out &&
	test_grep "No branch is waiting" ../out
'

test_expect_success 'a commit made on main moves to the person branch; main goes back' '
	cd c3 &&
	person 3 2020-03-20 plan sync >../out &&
	test_grep "Approve origin/handlaggare-3/2020-03-12: 1 event	handlaggare-2 <handlaggare-2@example.org>" ../out &&
	test_grep "Your branches now in main" ../out &&
	test "$(git symbolic-ref --short HEAD)" = main &&
	person 3 2020-03-20 plan add event --date 2020-03-18 --kind seminar --indicator I14 \
		--title "Andra seminariet" --commit >/dev/null &&
	before=$(git rev-parse HEAD) &&
	test_must_fail git push -q origin main 2>../err &&
	test_grep "directly on the main branch.*sends it for review with plan submit, which moves it to their own branch" ../err &&
	person 3 2020-03-20 plan submit >../out &&
	test_grep "The 1 commit you made on main moved to the branch handlaggare-3/2020-03-20" ../out &&
	test "$(git rev-parse main)" = "$(git rev-parse origin/main)" &&
	git merge-base --is-ancestor "$before" handlaggare-3/2020-03-20
'

test_expect_success 'a branch behind main: the advice works, plan sync brings it up to date' '
	cd c1 &&
	person 1 2020-03-21 plan add event --date 2020-03-21 --kind seminar --indicator I14 \
		--title "Ettans seminarium" --submit >/dev/null &&
	cd ../c2 &&
	person 2 2020-03-22 plan approve origin/handlaggare-1/2020-03-21 >/dev/null &&
	test_must_fail --status=2 person 2 2020-03-22 plan approve origin/handlaggare-3/2020-03-20 2>../err &&
	test_grep "its author brings it up to date with plan sync" ../err &&
	person 2 2020-03-22 plan review --pending >../out &&
	test_grep "handlaggare-3/2020-03-20.*behind main" ../out &&
	cd ../c3 &&
	person 3 2020-03-23 plan sync >../out &&
	test_grep "Approve origin/handlaggare-1/2020-03-21" ../out &&
	test_grep "brought up to date" ../out &&
	test "$(git rev-list --merges origin/main..handlaggare-3/2020-03-20 | wc -l)" -eq 0 &&
	git merge-base --is-ancestor origin/main handlaggare-3/2020-03-20 &&
	cd ../c2 &&
	person 2 2020-03-24 plan approve origin/handlaggare-3/2020-03-20 >../out &&
	test_grep "approved origin/handlaggare-3/2020-03-20" ../out
'

test_expect_success 'nobody approves their own branch; a person not listed gets a whole sentence' '
	cd c2 &&
	person 2 2020-04-02 plan add event --date 2020-04-01 --kind seminar --indicator I14 \
		--title "Tvåans seminarium" --submit >/dev/null &&
	test_must_fail --status=2 person 2 2020-04-02 plan approve origin/handlaggare-2/2020-04-02 2>../err &&
	test_grep "someone else" ../err &&
	cd ../c1 &&
	git config user.email okand@example.org &&
	test_must_fail --status=2 person 1 2020-04-03 plan approve origin/handlaggare-2/2020-04-02 2>../err &&
	test_grep "a reviewer listed there must approve origin/handlaggare-2/2020-04-02" ../err &&
	git config --unset user.email &&
	person 1 2020-04-03 plan approve origin/handlaggare-2/2020-04-02 >/dev/null
'

test_expect_success 'adding a person later is an approved change like any other' '
	ssh-keygen -q -t ed25519 -N "" -C handlaggare-4 -f key-4 &&
	cd c3 && person 3 2020-05-04 plan sync >/dev/null &&
	cat >>records/people.yaml <<-EOF &&
	  - id: handlaggare-4
	    name: "Handläggare 4"
	    email: "handlaggare-4@example.org"
	    fte: 0.5
	    roles: [staff]
	EOF
	echo "handlaggare-4@example.org namespaces=\"git\" $(cut -d" " -f1,2 ../key-4.pub)" >>records/allowed_signers &&
	person 3 2020-05-04 plan submit >../out &&
	test_grep "changed records/people.yaml" ../out &&
	cd ../c1 &&
	person 1 2020-05-05 plan review origin/handlaggare-3/2020-05-04 >../out &&
	test_grep "plan record changed: records/people.yaml" ../out &&
	test_grep "^      \+  - id: handlaggare-4$" ../out &&
	test_grep "^      \+handlaggare-4@example.org namespaces" ../out &&
	person 1 2020-05-05 plan approve origin/handlaggare-3/2020-05-04 >/dev/null &&
	cd ../c4 && person 4 2020-05-06 plan sync >../out &&
	test_grep "Approve origin/handlaggare-3/2020-05-04" ../out &&
	person 4 2020-05-06 plan add event --date 2020-05-06 --kind seminar --indicator I14 \
		--title "Fyrans seminarium" --submit >../out &&
	test_grep "Sent for review: the branch handlaggare-4/2020-05-06" ../out &&
	cd ../c2 && person 2 2020-05-07 plan approve origin/handlaggare-4/2020-05-06 >/dev/null
'

test_expect_success 'plan correct: a superseding event from the old values, sent with --submit' '
	cd c3 && person 3 2020-06-01 plan sync >/dev/null &&
	test_must_fail --status=2 person 3 2020-06-01 plan correct 2020-03-10-seminarium-om-upphandling \
		--date 2020-03-11 2>../err &&
	test_grep "say why 2020-03-10-seminarium-om-upphandling is corrected with --reason" ../err &&
	test_must_fail --status=2 person 3 2020-06-01 plan correct 2020-03-10-finns-inte --reason x 2>../err &&
	test_grep "no event 2020-03-10-finns-inte.*plan list events" ../err &&
	person 3 2020-06-01 plan correct 2020-03-10-seminarium-om-upphandling --date 2020-03-11 \
		--reason "Fel datum: det hölls den 11 mars" --submit >../out &&
	f=records/events/2020/03/2020-03-11-seminarium-om-upphandling.yaml &&
	test_grep "^supersedes: 2020-03-10-seminarium-om-upphandling$" $f &&
	test_grep "^title: Seminarium om upphandling$" $f &&
	test_grep "RUN 20/1" $f && test_grep "^indicators: \[I14\]$" $f &&
	test_grep "^reason: .Fel datum: det hölls den 11 mars.?$" $f &&
	test_grep "Sent for review: the branch handlaggare-3/2020-06-01" ../out &&
	cd ../c2 && person 2 2020-06-02 plan review origin/handlaggare-3/2020-06-01 >../out &&
	test_grep "corrected event 2020-03-11-seminarium-om-upphandling.*corrects 2020-03-10-seminarium-om-upphandling because: Fel datum" ../out &&
	person 2 2020-06-02 plan approve origin/handlaggare-3/2020-06-01 >/dev/null
'

test_expect_success 'every clone agrees with the server; the audit of the year is clean' '
	cd c3 && person 3 2020-12-30 plan sync >/dev/null &&
	test "$(git rev-parse main)" = "$(git -C ../central.git rev-parse main)" &&
	cd ../central.git &&
	plan audit >../out &&
	test_grep "0 of them not properly approved" ../out &&
	test_grep "7 changing records" ../out
'

DRIVE="$SRC/tests/cli/pty-drive.py"

test_expect_success 'prompts: a kind that does not count is asked again, Enter says no' '
	make_ledger kinds && cd kinds &&
	PLAN_TODAY=2019-04-20 python3 "$DRIVE" ../transcript-kinds "$PLAN" add event --date 2019-04-12 \
		--indicator I15 --title Verkstad --participants 3 --responsible handlaggare-1 <<-\EOF &&
	expect Kind \(its name or number\)
	send workshop
	expect a workshop does not count toward I15
	expect Record it anyway, not counted there\? \(y/N\) \[n\]:
	send
	expect Kind \(its name or number\)
	send training
	expect Evidence
	send
	expect Write it
	send y
	expect Written to
	EOF
	test_grep "^kind: training$" records/events/2019/04/2019-04-12-verkstad.yaml
'

test_expect_success 'prompts: an error found at the end goes back to its answer, keeping the others' '
	make_ledger back && cd back &&
	PLAN_TODAY=2019-04-20 python3 "$DRIVE" ../transcript "$PLAN" add event --responsible nobody <<-\EOF &&
	expect Date of the event
	send 2019-04-12
	expect Indicators, separated by commas
	send I15
	expect Kind
	send training
	expect Title
	send Anbudsskola
	expect Number of participants
	send 14
	expect Evidence
	send diarienummer:RUN 19/1
	expect Evidence
	send
	expect That is in your answer for .responsible.; give it again
	expect Responsible \(a person id\)
	send handlaggare-2
	expect Write it
	send y
	expect Written to
	EOF
	f=records/events/2019/04/2019-04-12-anbudsskola.yaml &&
	test_grep "^responsible: handlaggare-2$" $f && test_grep "^participants: 14$" $f &&
	test_grep "^kind: training$" $f && test_grep "RUN 19/1" $f &&
	test_grep "written to records/events|Written to" ../transcript
'

test_expect_success 'plan correct at a terminal: the old values in brackets, then the reason' '
	make_ledger corr && cd corr &&
	write_event . 2019-04-12 anbudsskola training I15 "participants: 14" >/dev/null &&
	git add records && git commit -qm "An event" &&
	PLAN_TODAY=2019-04-20 python3 "$DRIVE" ../transcript-corr "$PLAN" correct 2019-04-12-anbudsskola <<-\EOF &&
	expect Correcting 2019-04-12-anbudsskola
	expect Date of the event \(YYYY-MM-DD\) \[2019-04-12\]:
	send 2019-04-11
	expect Responsible \(a person id\) \[handlaggare-1\]:
	send
	expect Indicators, separated by commas \(such as I15\) \[I15\]:
	send
	expect Kind \(its name or number\) \[training\]:
	send
	expect Title \(one line: what happened\) \[Invented event anbudsskola\]:
	send
	expect Number of participants, if counted \(Enter to skip\) \[14\]:
	send 15
	expect Evidence
	send
	expect Why is it corrected
	send
	expect a correction needs its reason
	send Fel datum och antal
	expect Write it
	send y
	expect Written to
	EOF
	f=records/events/2019/04/2019-04-11-invented-event-anbudsskola.yaml &&
	test_grep "^supersedes: 2019-04-12-anbudsskola$" $f && test_grep "^participants: 15$" $f &&
	test_grep "^reason: Fel datum och antal$" $f && test_grep "^kind: training$" $f
'

test_expect_success 'bash completion offers the ids of the events in force to plan correct' '
	command -v bash >/dev/null || return 0
	cd corr &&
	PATH=$(dirname "$PLAN"):$PATH bash -c "source \"$SRC/contrib/completion/plan.bash\"
		COMP_WORDS=(plan correct 2019-04); COMP_CWORD=2; _plan; echo \"\${COMPREPLY[*]}\"" >../out &&
	test_grep "^2019-04-11-invented-event-anbudsskola$" ../out
'

test_done
