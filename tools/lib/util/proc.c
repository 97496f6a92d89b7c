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
proc_exec(proc_opts *o, const char *const argv[])
{
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, ps[2] = {-1, -1}, why = 0;
	buf sink_out = BUF_INIT, sink_err = BUF_INIT;
	pid_t pid;
	int status;

	o->not_started = 0;
	/* ps tells the parent why exec failed; it closes unread when exec succeeds. */
	if ((o->out != NULL && pipe(po) != 0) || (o->err != NULL && pipe(pe) != 0) ||
	    pipe(ps) != 0 || fcntl(ps[1], F_SETFD, FD_CLOEXEC) != 0)
		return error_set_errno("cannot run %s", argv[0]);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return error_set_errno("cannot run %s", argv[0]);
	if (pid == 0) {
		int in = o->keep_stdin ? 0 : open(o->in_path != NULL ? o->in_path : "/dev/null",
						  O_RDONLY);

		close(ps[0]);
		if (in < 0 || (in != 0 && dup2(in, 0) < 0))
			_exit(127);
		if (o->out != NULL && dup2(po[1], 1) < 0)
			_exit(127);
		if (o->out == NULL && o->out_to_err && dup2(2, 1) < 0)
			_exit(127);
		if (o->err != NULL && dup2(pe[1], 2) < 0)
			_exit(127);
		if (po[0] >= 0) {
			close(po[0]);
			close(po[1]);
		}
		if (pe[0] >= 0) {
			close(pe[0]);
			close(pe[1]);
		}
		if (o->dir == NULL || chdir(o->dir) == 0)
			execvp(argv[0], (char *const *)argv);
		why = errno;
		if (write(ps[1], &why, sizeof(why)) < 0)
			_exit(127);
		_exit(127);
	}
	close(ps[1]);
	if (po[1] >= 0)
		close(po[1]);
	if (pe[1] >= 0)
		close(pe[1]);
	drain(po[0], o->out != NULL ? o->out : &sink_out, pe[0], o->err != NULL ? o->err : &sink_err);
	buf_free(&sink_out);
	buf_free(&sink_err);
	while (read(ps[0], &why, sizeof(why)) < 0 && errno == EINTR)
		;
	close(ps[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return error_set_errno("cannot wait for %s", argv[0]);
	if (why != 0) {
		o->not_started = 1;
		errno = why;
		error_set_errno("cannot run %s", argv[0]);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int
proc_run(const char *dir, const char *const argv[], const char *in_path, buf *out, buf *err)
{
	proc_opts o = {dir, in_path, 0, out, err, 0, 0};

	return proc_exec(&o, argv);
}
