/*
 * Unit tests of the audit's pure helpers: reading an Approved-by value, and
 * finding a person's key in an allowed_signers file. The audit itself runs
 * against real repositories in tests/cli/t0055-approval.sh and
 * t0056-identity.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit/audit.h"

static int
listed(const char *text, const char *email)
{
	return audit_signers_list(text, strlen(text), email);
}

static void
test_audit__signers_list_principals_of_the_first_field(void **state)
{
	const char *s = "# keys\n"
			"handlaggare-1@example.org namespaces=\"git\" ssh-ed25519 AAAA1\n"
			"  granskare-1@example.org,granskare-2@example.org ssh-ed25519 AAAA2\n"
			"\"handlaggare-3@example.org,h3@example.org\" ssh-ed25519 AAAA3";

	(void)state;
	assert_true(listed(s, "handlaggare-1@example.org"));
	assert_true(listed(s, "HANDLAGGARE-1@example.org"));
	assert_true(listed(s, "granskare-2@example.org"));
	assert_true(listed(s, "granskare-1@example.org"));
	assert_true(listed(s, "h3@example.org"));
	assert_true(listed(s, "handlaggare-3@example.org"));
	assert_false(listed(s, "keys"));
	assert_false(listed(s, "handlaggare-1@example"));
	assert_false(listed(s, "namespaces=\"git\""));
	assert_false(listed(s, "ssh-ed25519"));
	assert_false(listed("", "handlaggare-1@example.org"));
	assert_false(listed("# handlaggare-1@example.org ssh-ed25519 A\n", "handlaggare-1@example.org"));
}

static void
test_audit__approver_is_a_person_id_and_an_address(void **state)
{
	char *id, *email;

	(void)state;
	assert_int_equal(audit_parse_approver(" granskare-1 <granskare-1@example.org>", &id, &email), 0);
	assert_string_equal(id, "granskare-1");
	assert_string_equal(email, "granskare-1@example.org");
	free(id);
	free(email);
	assert_int_equal(audit_parse_approver("granskare-2", &id, &email), 0);
	assert_string_equal(id, "granskare-2");
	assert_null(email);
	free(id);
	assert_int_equal(audit_parse_approver("  <x@example.org>", &id, &email), -1);
	assert_null(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit__signers_list_principals_of_the_first_field),
		cmocka_unit_test(test_audit__approver_is_a_person_id_and_an_address),
	};

	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
