/* Reading and writing whole files. */
#ifndef PLAN_UTIL_FSUTIL_H
#define PLAN_UTIL_FSUTIL_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Reads the file at path into out (replacing its contents). Reads at most
 * max + 1 bytes, so that a caller can tell "over the limit" from the size
 * without reading a huge file whole; *too_big is set when it was over.
 * Returns 0, or -1 with the error set.
 */
int fsutil_read_file(const char *path, size_t max, buf *out, int *too_big);
/*
 * The same for a file that must be an ordinary file: a symbolic link is not
 * followed, and a named pipe, device or socket is not read (nor waited on),
 * each an error.
 */
int fsutil_read_regular(const char *path, size_t max, buf *out, int *too_big);

/*
 * Writes data to path atomically: a temporary file in the same folder,
 * fsync, then a rename (or, with no_clobber, a hard link that fails when
 * path exists, so an existing file is never replaced), then fsync of the
 * folder. On failure nothing is left behind. Returns 0, or -1 with the error
 * set; with no_clobber and an existing path the error names it and
 * *exists (when not NULL) is set.
 */
int fsutil_write_atomic(const char *path, const void *data, size_t len, int no_clobber,
			int *exists);
/*
 * The same with the temporary file in the folder tmp_dir (made when
 * missing), so that a program killed while writing leaves nothing beside
 * path; next to path when tmp_dir is NULL or on another file system.
 */
/*
 * Deletes the ordinary files directly in dir last changed more than max_age
 * seconds ago (what killed writers left in a folder of temporary files).
 * Returns how many were deleted; a folder that cannot be read is none.
 */
int fsutil_sweep(const char *dir, long max_age);
int fsutil_write_atomic_via(const char *tmp_dir, const char *path, const void *data, size_t len,
			    int no_clobber, int *exists);

/*
 * Replaces path with data through a temporary file and a rename, without
 * waiting for the disk: for caches, which must never be seen half written
 * but may be lost in a crash (the next run rebuilds them). A checksum of
 * data follows it in the file (8 bytes, binio_checksum).
 */
int fsutil_write_cache(const char *path, const void *data, size_t len);
/*
 * Reads a file written by fsutil_write_cache into out, without its
 * checksum, when it holds at most max bytes of data. Returns 0, or -1 when
 * it is missing, larger or damaged (out then empty).
 */
int fsutil_read_cache(const char *path, size_t max, buf *out);
/* 1 when len bytes (data and checksum) are intact; *content_len is then the data's length. */
int fsutil_cache_intact(const void *data, size_t len, size_t *content_len);

/*
 * Maps the regular file at path, read-only, when it holds at least min
 * bytes: *data and *len, to be released with fsutil_unmap. Returns 0, or 1
 * when it is missing, not a regular file, too small or cannot be mapped.
 */
int fsutil_map(const char *path, size_t min, const unsigned char **data, size_t *len);
void fsutil_unmap(const unsigned char *data, size_t len);

/*
 * Writes data to a new file of its own in $TMPDIR (else /tmp), named from
 * stem, and returns its path, which the caller unlinks and frees; NULL with
 * the error set when it cannot.
 */
char *fsutil_temp_file(const char *stem, const void *data, size_t len);

/* Creates the folder and its parents (mode 0777 before umask). */
int fsutil_mkdirs(const char *path);

/* Returns 1 when path names an existing file or folder. */
int fsutil_exists(const char *path);
/*
 * The last part of path (after its last '/'); *len is its length without
 * suffix when it ends in suffix and is longer ("records/goals/M1.yaml",
 * ".yaml": "M1.yaml" with *len 2).
 */
const char *fsutil_base(const char *path, const char *suffix, size_t *len);

#endif
