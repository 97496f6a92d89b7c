#define _POSIX_C_SOURCE 200809L
#include "util/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/error.h"

/* Reads both pipes until both close, so neither child stream can fill up and block. */
static void
drain(int fd_out, buf *out, int fd_err, buf *err)
{
	struct pollfd p[2];
	char chunk[8192];

	p[0].fd = fd_out;
	p[1].fd = fd_err;
	p[0].events = p[1].events = POLLIN;
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		int i;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			ssize_t n;

			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(p[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				buf_put(i == 0 ? out : err, chunk, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(p[i].fd);
				p[i].fd = -1;
			}
		}
	}
}

int
proc_run(const char *dir, const char *const argv[], const char *in_path, buf *out, buf *err)
{
	int po[2] = {-1, -1}, pe[2] = {-1, -1};
	buf sink_out = BUF_INIT, sink_err = BUF_INIT;
	pid_t pid;
	int status;

	if ((out != NULL && pipe(po) != 0) || (err != NULL && pipe(pe) != 0))
		return error_set_errno("cannot run %s", argv[0]);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return error_set_errno("cannot run %s", argv[0]);
	if (pid == 0) {
		int in = open(in_path != NULL ? in_path : "/dev/null", O_RDONLY);

		if (in < 0 || dup2(in, 0) < 0)
			_exit(127);
		if (out != NULL && dup2(po[1], 1) < 0)
			_exit(127);
		if (err != NULL && dup2(pe[1], 2) < 0)
			_exit(127);
		if (po[0] >= 0) {
			close(po[0]);
			close(po[1]);
		}
		if (pe[0] >= 0) {
			close(pe[0]);
			close(pe[1]);
		}
		if (dir != NULL && chdir(dir) != 0)
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (po[1] >= 0)
		close(po[1]);
	if (pe[1] >= 0)
		close(pe[1]);
	drain(po[0], out != NULL ? out : &sink_out, pe[0], err != NULL ? err : &sink_err);
	buf_free(&sink_out);
	buf_free(&sink_err);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return error_set_errno("cannot wait for %s", argv[0]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}
