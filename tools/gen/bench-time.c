/*
 * bench-time: runs a command several times and prints the median, fastest
 * and slowest wall-clock time and the peak memory, for bench/run.sh:
 *
 *     bench-time [--runs N] [--warmup N] [--budget SECONDS] [--prepare CMD]
 *                [--log FILE] [--shell] -- COMMAND [ARG...]
 *
 * Before each run (warm-up runs too) the shell command given with
 * --prepare runs, untimed. The command runs with its output sent to the
 * --log file (default /dev/null); with --shell, COMMAND is a shell command
 * line (a pipeline) run by sh -c. After the first timed run, no new run
 * starts once the timed runs add up to more than the budget, so slow
 * figures take fewer runs. The peak memory is the largest resident set of
 * any process the command waited for (getrusage of children), over all
 * runs, in kilobytes.
 *
 * Prints one line: "median min max peak_kb runs" (seconds with
 * microseconds). Exits 1 when the command fails or dies, 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_RUNS = 1000 };

typedef struct result {
	double seconds;
	long peak_kb;
	int status; /* the command's wait status */
} result;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
double_cmp(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return a < b ? -1 : a > b;
}

static void
usage(void)
{
	fputs("usage: bench-time [--runs N] [--warmup N] [--budget SECONDS] [--prepare CMD]\n"
	      "                  [--log FILE] [--shell] -- COMMAND [ARG...]\n",
	      stderr);
	exit(2);
}

/*
 * One timed run in a child of ours, so that the rusage of its children is
 * the command's alone: the child starts the command, waits for it, and
 * sends back the time, the peak memory and the status through a pipe.
 */
static int
run_once(char **argv, int shell, const char *log, result *r)
{
	int fds[2], status;
	pid_t mid;
	ssize_t got;

	if (pipe(fds) != 0)
		return -1;
	fflush(stdout);
	mid = fork();
	if (mid < 0)
		return -1;
	if (mid == 0) {
		result out;
		struct rusage ru;
		double t0;
		pid_t cmd;

		close(fds[0]);
		t0 = now();
		cmd = fork();
		if (cmd == 0) {
			int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);

			if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
				_exit(127);
			close(fd);
			if (shell)
				execl("/bin/sh", "sh", "-c", argv[0], (char *)NULL);
			else
				execvp(argv[0], argv);
			_exit(127);
		}
		if (cmd < 0 || waitpid(cmd, &out.status, 0) < 0)
			_exit(1);
		out.seconds = now() - t0;
		getrusage(RUSAGE_CHILDREN, &ru);
		out.peak_kb = ru.ru_maxrss;
		if (write(fds[1], &out, sizeof(out)) != (ssize_t)sizeof(out))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	got = read(fds[0], r, sizeof(*r));
	close(fds[0]);
	if (waitpid(mid, &status, 0) < 0 || got != (ssize_t)sizeof(*r) || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

static int
prepare(const char *cmd)
{
	int rc;

	if (cmd == NULL)
		return 0;
	rc = system(cmd);
	if (rc != 0) {
		fprintf(stderr, "bench-time: the prepare command failed: %s\n", cmd);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int runs = 5, warmup = 0, shell = 0, i, n = 0;
	double budget = 1e9, total = 0, times[MAX_RUNS], median;
	const char *prep = NULL, *log = "/dev/null";
	long peak = 0;
	result r;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--shell") == 0)
			shell = 1;
		else if (i + 1 >= argc)
			usage();
		else if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--warmup") == 0)
			warmup = atoi(argv[++i]);
		else if (strcmp(argv[i], "--budget") == 0)
			budget = atof(argv[++i]);
		else if (strcmp(argv[i], "--prepare") == 0)
			prep = argv[++i];
		else if (strcmp(argv[i], "--log") == 0)
			log = argv[++i];
		else
			usage();
	}
	if (i + 1 >= argc || runs < 1 || runs > MAX_RUNS || warmup < 0)
		usage();
	argv += i + 1;
	for (i = 0; i < warmup + runs; i++) {
		if (i > warmup && total > budget)
			break;
		if (prepare(prep) != 0)
			return 1;
		if (run_once(argv, shell, log, &r) != 0) {
			fprintf(stderr, "bench-time: cannot run %s: %s\n", argv[0],
			        strerror(errno));
			return 1;
		}
		if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0) {
			fprintf(stderr, "bench-time: %s %s %d (output in %s)\n", argv[0],
			        WIFEXITED(r.status) ? "exited with" : "died of signal",
			        WIFEXITED(r.status) ? WEXITSTATUS(r.status) : WTERMSIG(r.status),
			        log);
			return 1;
		}
		if (r.peak_kb > peak)
			peak = r.peak_kb;
		if (i < warmup)
			continue;
		times[n++] = r.seconds;
		total += r.seconds;
	}
	qsort(times, (size_t)n, sizeof(times[0]), double_cmp);
	median = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
	printf("%.6f %.6f %.6f %ld %d\n", median, times[0], times[n - 1], peak, n);
	return 0;
}
