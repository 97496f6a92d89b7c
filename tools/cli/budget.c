/*
 * A budget of time and memory for one run, so that a check the server runs
 * for a push ends within it: past the time, or when the memory is spent,
 * the run stops with a message saying so, and the push is refused.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static char time_message[512];
static size_t time_message_len;
static char memory_message[512];

static void
on_alarm(int sig)
{
	ssize_t w;

	(void)sig;
	w = write(STDERR_FILENO, time_message, time_message_len);
	(void)w;
	_exit(EXIT_TROUBLE);
}

/* The sanitizers reserve terabytes of address space; a memory limit would stop them. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NO_MEMORY_LIMIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define NO_MEMORY_LIMIT 1
#endif
#endif

int
cli_budget(const char *what, unsigned long seconds, unsigned long mib)
{
	if (seconds > 0) {
		struct sigaction sa;

		snprintf(time_message, sizeof(time_message),
			 _("%s: error: %s took longer than its budget of %lu seconds and was "
			   "stopped, so it is refused; push fewer or smaller changes at a time "
			   "(the server's keeper sets the budget: git config plan.pushSeconds)\n"),
			 cli_progname, what, seconds);
		time_message_len = strlen(time_message);
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGALRM, &sa, NULL) != 0)
			return -1;
		alarm((unsigned)seconds);
	}
	if (mib > 0) {
		snprintf(memory_message, sizeof(memory_message),
			 _("%s: error: %s needed more memory than its budget of %lu MiB and was "
			   "stopped, so it is refused; push fewer or smaller changes at a time "
			   "(the server's keeper sets the budget: git config plan.pushMemory)\n"),
			 cli_progname, what, mib);
		xalloc_set_oom_message(memory_message);
#ifndef NO_MEMORY_LIMIT
		{
			struct rlimit rl;

			rl.rlim_cur = rl.rlim_max = (rlim_t)mib << 20;
			if (setrlimit(RLIMIT_DATA, &rl) != 0)
				return -1;
		}
#endif
	}
	return 0;
}
