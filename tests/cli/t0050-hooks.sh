#!/bin/sh
# The Git workflow with real git: a central bare repository with the
# pre-receive hook, a clone with the pre-commit hook. Every refusal leaves
# the server's branches as they were.
. "$(dirname "$0")/lib.sh"

PLAN_TODAY=2020-06-30
export PLAN_TODAY

# The server's branches, to compare before and after a refused push.
server_refs() {
	git -C "$TRASH/server.git" for-each-ref --format='%(refname) %(objectname)'
}

invented_people() {
	cat >records/people.yaml <<'PEOPLE'
people:
  - {id: handlaggare-1, name: Handläggare Ett, email: handlaggare-1@example.org, fte: 1.0, roles: [staff, reviewer]}
  - {id: handlaggare-2, name: Handläggare Två, email: handlaggare-2@example.org, fte: 1.0, roles: [staff, reviewer]}
PEOPLE
}

# approve_and_push BRANCH: handlaggare-2 approves BRANCH on main and pushes main.
approve_and_push() {
	git checkout -q main && as 2 plan approve "$1" >/dev/null && git push -q origin main
}

test_expect_success 'plan init makes a ledger, and a central repository from it' '
	plan init --unsigned work >out &&
	test -x work/.git/hooks/pre-commit &&
	test "$(git -C work log --oneline | wc -l)" -eq 1 &&
	grep -q "^  signed: false$" work/records/plan.yaml &&
	test_must_fail --status=2 plan init work 2>err &&
	test_grep "not empty" err &&
	(cd work && invented_people && git commit -q --amend -a -m "Start the ledger, with invented staff") &&
	test_must_fail --status=2 plan init --bare server.git 2>err &&
	test_grep "plan init --bare DIR --from LEDGER" err && test ! -e server.git &&
	plan init --bare server.git --from work >out &&
	test_grep "made a central ledger repository in server.git, starting from the main branch of work" out &&
	test -x server.git/hooks/pre-receive &&
	test "$(git -C server.git config receive.denyNonFastForwards)" = false &&
	test "$(git -C server.git config receive.denyDeletes)" = true &&
	test "$(git -C server.git config receive.fsckObjects)" = true &&
	test "$(git -C server.git rev-parse main)" = "$(git -C work rev-parse main)"
'

test_expect_success 'the clone works with the server that its ledger started' '
	cd work &&
	git remote add origin ../server.git &&
	git fetch -q origin && git branch -q -u origin/main main &&
	test "$(git rev-parse main)" = "$(git rev-parse origin/main)"
'

# The issue's attack (c): whoever pushed first to an empty central
# repository decided its people.yaml and allowed_signers, unapproved.
test_expect_success 'a push to an empty main is refused: no push decides the people' '
	git init -q --bare empty.git && (cd empty.git && plan hooks install >/dev/null) &&
	cd work &&
	test_must_fail git push -q ../empty.git main 2>../err &&
	test_grep "the server has no main branch yet" ../err &&
	test_grep "plan init --bare DIR --from LEDGER" ../err &&
	test_must_fail git push -q ../empty.git main:h1/start 2>../err &&
	test_grep "no main branch yet" ../err &&
	test -z "$(git -C ../empty.git for-each-ref)"
'

test_expect_success 'a valid event commits and pushes, on a branch, then approved to main' '
	cd work &&
	git checkout -q -b h1/anbudsskola &&
	write_event . 2019-04-12 anbudsskola training I15 >/dev/null &&
	git add records && git commit -qm "Anbudsskola 2019" &&
	git push -q origin h1/anbudsskola &&
	approve_and_push h1/anbudsskola &&
	test "$(git rev-parse main)" = "$(git -C ../server.git rev-parse main)"
'

test_expect_success 'a direct commit on main is refused at push, though valid' '
	cd work &&
	before=$(cd .. && server_refs) &&
	write_event . 2019-04-20 direkt seminar I14 >/dev/null &&
	git add records && git commit -qm "Straight onto main" &&
	test_must_fail git push -q origin main 2>../err &&
	test_grep "error\[approval\]: this commit changes records/ directly on the main branch" ../err &&
	test "$(cd .. && server_refs)" = "$before" &&
	git reset -q --hard origin/main
'

test_expect_success 'an invalid event is stopped at commit' '
	cd work && git checkout -q -b h1/work &&
	f=$(write_event . 2019-04-13 fel seminar I99) &&
	git add "$f" &&
	before=$(git rev-parse HEAD) &&
	test_must_fail git commit -qm "Bad" 2>../err >>../err &&
	test_grep "error\[ref\]: there is no indicator .I99." ../err &&
	test "$(git rev-parse HEAD)" = "$before" &&
	git rm -q --cached "$f" && rm "$f"
'

test_expect_success 'a partially staged file is judged by its staged version' '
	cd work &&
	f=$(write_event . 2019-05-02 seminarium seminar I14) &&
	git add "$f" &&
	sed -i "s/I14/I99/" "$f" &&
	git commit -qm "Seminar (staged version is valid)" &&
	git show HEAD:"$f" | grep -q "indicators: \[I14\]" &&
	git checkout -q -- "$f" &&
	g=$(write_event . 2019-05-03 trasig seminar I99) &&
	git add "$g" &&
	sed -i "s/I99/I14/" "$g" &&
	test_must_fail git commit -qm "Broken staged version" 2>../err >>../err &&
	test_grep "I99" ../err &&
	git add "$g" && git commit -qm "Fixed"
'

test_expect_success 'git commit -a is judged by what it will commit' '
	cd work &&
	f=$(write_event . 2019-05-20 a seminar I14) &&
	git add "$f" &&
	sed -i "s/I14/I98/" "$f" &&
	test_must_fail git commit -qam "commit -a with a broken file" 2>../err >>../err &&
	test_grep "I98" ../err &&
	sed -i "s/I98/I14/" "$f" && git commit -qam "commit -a" &&
	git push -q origin h1/work && approve_and_push h1/work
'

test_expect_success 'committed with --no-verify, a bad event is stopped at push' '
	cd work && git checkout -q -b h1/more main &&
	before=$(cd .. && server_refs) &&
	f=$(write_event . 2019-06-01 ok1 seminar I14) && git add "$f" && git commit -qm ok1 &&
	g=$(write_event . 2019-06-02 bad seminar I97) && git add "$g" && git commit -q --no-verify -m bad &&
	bad=$(git rev-parse --short=12 HEAD) &&
	sed -i "s/I97/I14/" "$g" && git commit -qam "fix it in a later commit" &&
	test_must_fail git push -q origin h1/more 2>../err &&
	test_grep "$bad:$g:6:14: error\[ref\]: there is no indicator .I97." ../err &&
	test "$(cd .. && server_refs)" = "$before"
'

test_expect_success 'the history can be cleaned and pushed again' '
	cd work &&
	git reset -q --hard origin/main &&
	f=$(write_event . 2019-06-01 ok2 seminar I14) && git add "$f" && git commit -qm ok2 &&
	git push -q origin h1/more && approve_and_push h1/more
'

test_expect_success 'an approved event may not be edited, even on a branch' '
	cd work &&
	before=$(cd .. && server_refs) &&
	f=records/events/2019/04/2019-04-12-anbudsskola.yaml &&
	git checkout -q -b rattelse &&
	sed -i "s/^title: .*/title: Ändrad titel/" "$f" &&
	git commit -qam "Edit an approved event" &&
	test_must_fail git push -q origin rattelse 2>../err &&
	test_grep "error\[immutable\]: this event is already approved on the main branch, so it may not be edited; put the file back as main has it, and correct the event with: plan correct 2019-04-12-anbudsskola" ../err &&
	test_must_fail git push -q origin rattelse:main 2>../err &&
	test_grep "immutable" ../err &&
	git rm -q "$f" && git commit -qm "Delete it instead" &&
	test_must_fail git push -q origin rattelse 2>../err &&
	test_grep "may not be deleted" ../err &&
	test "$(cd .. && server_refs)" = "$before"
'

test_expect_success 'a correction by supersedes passes' '
	cd work &&
	git checkout -q -b h1/rattelse2 main &&
	write_event . 2019-04-12 anbudsskola-rattad training I15 "supersedes: 2019-04-12-anbudsskola
reason: fel titel" >/dev/null &&
	git add records && git commit -qm "Correct the anbudsskola" &&
	git push -q origin h1/rattelse2 && approve_and_push h1/rattelse2
'

# The issue's finding 5: a merge whose first parent predates an approved
# event, whose tree is that parent's, and whose second parent is main.
test_expect_success 'a merge that leaves out an approved event is refused, in review and approval too' '
	cd work && git checkout -q main &&
	before=$(cd .. && server_refs) &&
	E=records/events/2019/04/2019-04-12-anbudsskola.yaml &&
	added=$(git log --diff-filter=A --format=%H main -- $E | tail -n 1) &&
	m=$(git commit-tree "$added^^{tree}" -p "$added^" -p origin/main -m "Merge main") &&
	git branch h1/sammanslagning $m &&
	test_must_fail git push -q origin h1/sammanslagning 2>../err &&
	test_grep "$E: error\[immutable\]: this event is already approved on the main branch, so it may not be deleted" ../err &&
	test "$(cd .. && server_refs)" = "$before" &&
	test_must_fail plan review main..h1/sammanslagning >../out &&
	test_grep "deleted event 2019-04-12-anbudsskola" ../out &&
	test_grep "may not be deleted" ../out &&
	test_grep ! "all commits pass" ../out &&
	test_must_fail as 2 plan approve h1/sammanslagning >../out 2>../err &&
	test_grep "may not be deleted" ../out && test_grep "nothing was approved" ../err &&
	test "$(git rev-parse main)" = "$(git rev-parse origin/main)" &&
	git branch -q -D h1/sammanslagning
'

# The issue's finding 3: refs outside refs/heads/ went unchecked, and a tag
# called main stood in for the main branch in every clone.
test_expect_success 'the server takes branches and release tags of main only' '
	cd work && git checkout -q -b h1/ogranskad main &&
	before=$(cd .. && server_refs) &&
	f=$(write_event . 2019-06-20 ogranskad seminar I14) && git add "$f" && git commit -qm "Unreviewed" &&
	test_must_fail git push -q origin HEAD:refs/tags/main 2>../err &&
	test_grep "refs/tags/main: error\[approval\]: .main. is no plain release tag name" ../err &&
	test_must_fail git push -q origin HEAD:refs/tags/v2019 2>../err &&
	test_grep "refs/tags/v2019: error\[approval\]: a release tag marks a state of the main branch" ../err &&
	test_must_fail git push -q origin HEAD:refs/remotes/origin/main 2>../err &&
	test_grep "takes branches \(refs/heads/...\) and release tags \(refs/tags/...\) only" ../err &&
	test_must_fail git push -q origin HEAD:refs/notes/commits 2>../err &&
	test_grep "refs/notes/commits: error" ../err &&
	test_must_fail git push -q origin HEAD:refs/heads/HEAD 2>../err &&
	test "$(cd .. && server_refs)" = "$before" &&
	git tag -a -m "Uppföljning 2019" v2019 main && git push -q origin v2019 &&
	test "$(git -C ../server.git rev-parse v2019^{commit})" = "$(git rev-parse main)" &&
	test_must_fail git push -q origin HEAD:refs/heads/v2019 2>../err &&
	test_grep "has a tag called .v2019." ../err &&
	test_must_fail git push -q origin main:refs/tags/h1/ogranskad 2>../err &&
	test_grep "no plain release tag name" ../err &&
	git checkout -q main && git branch -q -D h1/ogranskad
'

# A clone can still come by such a tag (from another remote, or made by
# hand): plan resolves a branch name to the branch, not to the tag.
test_expect_success 'in a clone with a tag called main, review and approve use the branch' '
	cd work && git checkout -q -b elak main &&
	f=$(write_event . 2019-06-22 elak seminar I14) && git add "$f" && git commit -qm "Unreviewed" &&
	git tag main && git checkout -q -b h1/oskyldig elak &&
	g=$(write_event . 2019-06-21 oskyldig seminar I14) && git add "$g" && git commit -qm "Innocent" &&
	git checkout -q main &&
	test "$(git rev-parse main 2>/dev/null)" = "$(git rev-parse elak)" &&
	plan review main..h1/oskyldig >../out &&
	test_grep "^Review of $(git rev-parse --short=12 refs/heads/main)" ../out &&
	test_grep "added event 2019-06-22-elak" ../out &&
	test_grep "added event 2019-06-21-oskyldig" ../out &&
	plan review ..h1/oskyldig >../out2 && test_cmp ../out ../out2 &&
	as 2 plan approve --dry-run h1/oskyldig >../msg &&
	test_grep "^2019-06-22-elak$" ../msg && test_grep "^2019-06-21-oskyldig$" ../msg &&
	git tag -d main >/dev/null && git branch -q -D elak h1/oskyldig
'

test_expect_success 'deleting and force-pushing main are refused' '
	cd work &&
	before=$(cd .. && server_refs) &&
	test_must_fail git push -q origin :main 2>/dev/null &&
	git commit -q --amend -C HEAD --date=now &&
	test_must_fail git push -q -f origin main 2>/dev/null &&
	test "$(cd .. && server_refs)" = "$before"
'

test_expect_success 'the hook alone refuses them too, without the server settings' '
	cd work &&
	git -C ../server.git config receive.denyDeletes false &&
	git -C ../server.git config receive.denyNonFastForwards false &&
	before=$(cd .. && server_refs) &&
	test_must_fail git push -q -f origin main 2>../err &&
	test_grep "rewrite the main branch" ../err &&
	test_must_fail git push -q origin :main 2>../err &&
	test_grep "may not be deleted" ../err &&
	test "$(cd .. && server_refs)" = "$before" &&
	git reset -q --hard origin/main
'

test_expect_success 'symlinks and submodules under records/ are stopped' '
	cd work && git checkout -q -b h1/odd main &&
	before=$(cd .. && server_refs) &&
	ln -s ../../../plan.yaml records/events/2019/06/link.yaml &&
	git add records/events/2019/06/link.yaml &&
	test_must_fail git commit -qm "A symlink" 2>../err >>../err &&
	test_grep "link.yaml: error\[file\]: this is a symbolic link" ../err &&
	git commit -q --no-verify -m "A symlink" &&
	test_must_fail git push -q origin h1/odd 2>../err &&
	test_grep "link.yaml: error\[file\]: this is a symbolic link" ../err &&
	git reset -q --hard origin/main &&
	git update-index --add --cacheinfo 160000,$(git rev-parse HEAD),records/sub &&
	test_must_fail git commit -qm "A submodule" 2>../err >>../err &&
	test_grep "records/sub: error\[file\]: this is a submodule" ../err &&
	git commit -q --no-verify -m "A submodule" &&
	test_must_fail git push -q origin h1/odd 2>../err &&
	test_grep "records/sub: error\[file\]: this is a submodule" ../err &&
	test "$(cd .. && server_refs)" = "$before" &&
	git reset -q --hard origin/main
'

test_expect_success 'plan check --staged leaves the index and work tree untouched' '
	cd work &&
	f=$(write_event . 2019-06-10 orord seminar I14) && git add "$f" && echo "# edit" >>"$f" &&
	git ls-files -s >../before-index && git status --porcelain >../before-status &&
	plan check --staged >/dev/null &&
	git ls-files -s >../after-index && git status --porcelain >../after-status &&
	test_cmp ../before-index ../after-index && test_cmp ../before-status ../after-status
'

test_expect_success 'plan hooks install keeps a foreign hook unless forced' '
	git init -q other && printf "#!/bin/sh\nexit 0\n" >other/.git/hooks/pre-commit &&
	(cd other && test_must_fail --status=2 plan hooks install 2>../err) &&
	test_grep "another tool" err &&
	(cd other && plan hooks install --force >/dev/null) &&
	grep -q "check --staged" other/.git/hooks/pre-commit
'

test_done
