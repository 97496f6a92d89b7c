/*
 * Unit tests of the one way the tool runs another program (util/proc.h):
 * exit statuses, what it says and reads, and a program that cannot start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/error.h"
#include "util/proc.h"

static void
test_proc__collects_output_and_error_and_the_status(void **state)
{
	const char *const argv[] = {"sh", "-c", "echo ut; echo fel >&2; exit 3", NULL};
	buf out = BUF_INIT, err = BUF_INIT;

	(void)state;
	assert_int_equal(proc_run(NULL, argv, NULL, &out, &err), 3);
	assert_string_equal(buf_cstr(&out), "ut\n");
	assert_string_equal(buf_cstr(&err), "fel\n");
	buf_free(&out);
	buf_free(&err);
}

static void
test_proc__reads_its_input_from_a_file_and_runs_in_a_folder(void **state)
{
	const char *const argv[] = {"sh", "-c", "cat; pwd", NULL};
	char path[] = "/tmp/plan-proc-XXXXXX";
	int fd = mkstemp(path);
	buf out = BUF_INIT;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "in\n", 3), 3);
	close(fd);
	assert_int_equal(proc_run("/", argv, path, &out, NULL), 0);
	assert_string_equal(buf_cstr(&out), "in\n/\n");
	buf_reset(&out);
	/* Without a file, standard input is empty. */
	assert_int_equal(proc_run("/", argv, NULL, &out, NULL), 0);
	assert_string_equal(buf_cstr(&out), "/\n");
	unlink(path);
	buf_free(&out);
}

static void
test_proc__a_program_that_cannot_start_says_why(void **state)
{
	const char *const argv[] = {"plan-no-such-program", NULL};
	const char *const ok[] = {"sh", "-c", "exit 127", NULL};
	proc_opts o = {NULL, NULL, 0, NULL, NULL, 0, 0};

	(void)state;
	assert_int_equal(proc_exec(&o, argv), 127);
	assert_int_equal(o.not_started, 1);
	assert_non_null(strstr(error_last(), "cannot run plan-no-such-program"));
	assert_non_null(strstr(error_last(), "No such file"));
	/* A program that started and exits 127 is no failure to start. */
	assert_int_equal(proc_exec(&o, ok), 127);
	assert_int_equal(o.not_started, 0);
}

/* The test runs itself as the child (PLAN_PROC_CHILD, in main), its stderr captured. */
static void
test_proc__standard_output_to_standard_error(void **state)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	const char *const again[] = {self, NULL};
	buf out = BUF_INIT, err = BUF_INIT;

	(void)state;
	assert_true(n > 0);
	self[n] = '\0';
	setenv("PLAN_PROC_CHILD", "1", 1);
	assert_int_equal(proc_run(NULL, again, NULL, &out, &err), 0);
	unsetenv("PLAN_PROC_CHILD");
	assert_string_equal(buf_cstr(&out), "");
	assert_string_equal(buf_cstr(&err), "till-fel\n");
	buf_free(&out);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc__collects_output_and_error_and_the_status),
		cmocka_unit_test(test_proc__reads_its_input_from_a_file_and_runs_in_a_folder),
		cmocka_unit_test(test_proc__a_program_that_cannot_start_says_why),
		cmocka_unit_test(test_proc__standard_output_to_standard_error),
	};

	if (getenv("PLAN_PROC_CHILD") != NULL) {
		const char *const argv[] = {"sh", "-c", "echo till-fel", NULL};
		proc_opts o = {NULL, NULL, 0, NULL, NULL, 1, 0};

		return proc_exec(&o, argv);
	}
	return cmocka_run_group_tests_name("proc", tests, NULL, NULL);
}
