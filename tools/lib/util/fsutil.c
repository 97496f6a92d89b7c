#define _POSIX_C_SOURCE 200809L
#include "util/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/binio.h"
#include "util/error.h"
#include "util/xalloc.h"

static int
read_file(const char *path, size_t max, buf *out, int *too_big, int regular)
{
	int fd = open(path, regular ? O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK :
				      O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t want;

	buf_reset(out);
	if (too_big != NULL)
		*too_big = 0;
	if (fd < 0)
		return error_set_errno("cannot open %s", path);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return error_set("%s is a folder, not a file", path);
	}
	if (regular && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		return error_set("%s is not an ordinary file (a named pipe, a device or a socket)",
				 path);
	}
	want = (st.st_size > 0 && (size_t)st.st_size < max) ? (size_t)st.st_size : 4096;
	for (;;) {
		ssize_t n;

		buf_grow(out, want);
		n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error_set_errno("cannot read %s", path);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		if (out->len > max) {
			if (too_big != NULL)
				*too_big = 1;
			break;
		}
		want = out->len;
	}
	close(fd);
	if (out->ptr == NULL)
		buf_grow(out, 0), out->ptr[0] = '\0';
	return 0;
}

int
fsutil_read_file(const char *path, size_t max, buf *out, int *too_big)
{
	return read_file(path, max, out, too_big, 0);
}

int
fsutil_read_regular(const char *path, size_t max, buf *out, int *too_big)
{
	return read_file(path, max, out, too_big, 1);
}

/* The process's umask; reading it means setting it, so it is set back at once. */
static mode_t
current_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

static int
fsync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") :
				    xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd >= 0) {
		if (fsync(fd) != 0 && errno != EINVAL)
			rc = error_set_errno("cannot sync folder %s", dir);
		close(fd);
	}
	free(dir);
	return rc;
}

/* Writes all of data to fd. */
static int
write_all(int fd, const char *p, size_t left, const char *path)
{
	while (left > 0) {
		ssize_t n = write(fd, p, left);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return error_set_errno("cannot write %s", path);
		}
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

int
fsutil_cache_intact(const void *data, size_t len, size_t *content_len)
{
	if (len < 8 || binio_checksum(data, len - 8) != binio_rd64((const unsigned char *)data + len - 8))
		return 0;
	*content_len = len - 8;
	return 1;
}

int
fsutil_read_cache(const char *path, size_t max, buf *out)
{
	int too_big = 0;
	size_t n;

	if (fsutil_read_file(path, max + 8, out, &too_big) != 0)
		return -1;
	if (too_big || !fsutil_cache_intact(out->ptr, out->len, &n)) {
		buf_reset(out);
		return error_set("%s is damaged", path);
	}
	out->len = n;
	out->ptr[n] = '\0';
	return 0;
}

int
fsutil_write_cache(const char *path, const void *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp), rc = -1;

	if (fd < 0) {
		error_set_errno("cannot create a file next to %s", path);
		free(tmp);
		return -1;
	}
	uint64_t sum = binio_checksum(data, len);
	unsigned char trailer[8];
	size_t i;

	for (i = 0; i < 8; i++)
		trailer[i] = (unsigned char)(sum >> (8 * i));
	if (write_all(fd, data, len, path) == 0 &&
	    write_all(fd, (const char *)trailer, sizeof(trailer), path) == 0 &&
	    fchmod(fd, 0666 & ~current_umask()) == 0) {
		if (close(fd) == 0 && rename(tmp, path) == 0) {
			free(tmp);
			return 0;
		}
		fd = -1;
		error_set_errno("cannot write %s", path);
	}
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return rc;
}

char *
fsutil_temp_file(const char *stem, const void *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/%s-XXXXXX", dir != NULL && *dir != '\0' ? dir : "/tmp", stem);
	int fd = mkstemp(path);

	if (fd < 0) {
		error_set_errno("cannot make a temporary file %s", path);
		free(path);
		return NULL;
	}
	if (write_all(fd, data, len, path) != 0) {
		close(fd);
		unlink(path);
		free(path);
		return NULL;
	}
	if (close(fd) != 0) {
		error_set_errno("cannot write %s", path);
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

int
fsutil_write_atomic(const char *path, const void *data, size_t len, int no_clobber,
		    int *exists)
{
	return fsutil_write_atomic_via(NULL, path, data, len, no_clobber, exists);
}

/*
 * Makes the temporary file for path: in tmp_dir when it is given and on
 * the same file system as path's folder (a link or rename cannot cross file
 * systems), else next to path.
 */
static int
make_temp(const char *tmp_dir, const char *path, char **tmp)
{
	int fd;

	if (tmp_dir != NULL && fsutil_mkdirs(tmp_dir) == 0) {
		const char *slash = strrchr(path, '/');
		char *dir = slash == NULL ? xstrdup(".") : xstrndup(path, (size_t)(slash - path));
		struct stat a, b;
		int same = stat(tmp_dir, &a) == 0 && stat(dir, &b) == 0 && a.st_dev == b.st_dev;

		free(dir);
		if (same) {
			*tmp = xasprintf("%s/%s.XXXXXX", tmp_dir, slash != NULL ? slash + 1 : path);
			if ((fd = mkstemp(*tmp)) >= 0)
				return fd;
			free(*tmp);
		}
	}
	*tmp = xasprintf("%s.tmp-XXXXXX", path);
	return mkstemp(*tmp);
}

int
fsutil_write_atomic_via(const char *tmp_dir, const char *path, const void *data, size_t len,
			int no_clobber, int *exists)
{
	char *tmp = NULL;
	const char *p = data;
	size_t left = len;
	int fd, rc = -1;

	if (exists != NULL)
		*exists = 0;
	fd = make_temp(tmp_dir, path, &tmp);
	if (fd < 0) {
		error_set_errno("cannot create a file next to %s", path);
		free(tmp);
		return -1;
	}
	if (write_all(fd, p, left, path) != 0)
		goto fail;
	if (fchmod(fd, 0666 & ~current_umask()) != 0 || fsync(fd) != 0) {
		error_set_errno("cannot write %s", path);
		goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		error_set_errno("cannot write %s", path);
		goto fail;
	}
	fd = -1;
	if (no_clobber) {
		if (link(tmp, path) != 0) {
			if (errno == EEXIST && exists != NULL)
				*exists = 1;
			error_set_errno("cannot write %s", path);
			goto fail;
		}
		unlink(tmp);
	} else if (rename(tmp, path) != 0) {
		error_set_errno("cannot write %s", path);
		goto fail;
	}
	rc = fsync_dir(path);
	free(tmp);
	return rc;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

int
fsutil_sweep(const char *dir, long max_age)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	time_t now = time(NULL);
	int n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && now - st.st_mtime > max_age &&
		    unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	return n;
}

int
fsutil_mkdirs(const char *path)
{
	char *p = xstrdup(path);
	char *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		{
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				rc = error_set_errno("cannot create folder %s", p);
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return rc;
}

int
fsutil_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

const char *
fsutil_base(const char *path, const char *suffix, size_t *len)
{
	const char *base = strrchr(path, '/');
	size_t n, k = strlen(suffix);

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (n > k && strcmp(base + n - k, suffix) == 0)
		n -= k;
	*len = n;
	return base;
}

int
fsutil_map(const char *path, size_t min, const unsigned char **data, size_t *len)
{
	struct stat st;
	void *m;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size < min ||
	    (uint64_t)st.st_size > SIZE_MAX / 2 || st.st_size == 0) {
		close(fd);
		return 1;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return 1;
	*data = m;
	*len = (size_t)st.st_size;
	return 0;
}

void
fsutil_unmap(const unsigned char *data, size_t len)
{
	if (data != NULL)
		munmap((void *)data, len);
}
