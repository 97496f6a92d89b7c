/*
 * oid: Git's object ids (SHA-1, 20 bytes), as every layer names blobs,
 * trees and commits. Reading them from Git is history's (store/history.h).
 */
#ifndef PLAN_OID_H
#define PLAN_OID_H

enum { HIST_RAWSZ = 20, HIST_HEXSZ = 40 };

typedef struct hist_oid {
	unsigned char id[HIST_RAWSZ];
} hist_oid;

/* The id in hex; out holds HIST_HEXSZ + 1 bytes. Returns out. */
char *hist_oid_fmt(const hist_oid *oid, char *out);
/* A full id in hex (either case). Returns 0, or -1 with the error set. */
int hist_oid_parse(hist_oid *oid, const char *hex);
int hist_oid_is_zero(const hist_oid *oid);
int hist_oid_equal(const hist_oid *a, const hist_oid *b);
int hist_oid_cmp(const hist_oid *a, const hist_oid *b);

#endif
