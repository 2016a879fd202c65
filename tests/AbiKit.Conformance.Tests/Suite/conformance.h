/* SPDX-License-Identifier: MIT */
/*
 * AbiKit's DRM conformance suite: one static binary run unchanged against the real kernel (vgem, in qemu)
 * and against AbiKit's device node. Every case checks one rule and states the answer Linux gives; the runner
 * prints one line per case:
 *
 *   CASE <tab> id <tab> PASS|FAIL|SKIP <tab> expected <tab> observed <tab> rule
 *
 * It compiles against the kernel's own uapi (drm.h as libdrm ships it), never against AbiKit's headers, so
 * the suite judges AbiKit from outside.
 */
#ifndef ABIKIT_CONFORMANCE_H
#define ABIKIT_CONFORMANCE_H

#include <stddef.h>
#include <stdint.h>
#include <drm.h>

/* What a case sees: the node paths (the primary node is opened first by each case that needs the master). */
struct ctx {
	const char *primary;
	const char *render;
};

struct suite_case {
	const char *id;       /* group.name, stable: reports and the spec's recorded differences use it */
	const char *rule;     /* the rule checked, in one sentence */
	const char *expected; /* what Linux answers */
	void (*run)(const struct ctx *c, char *observed, size_t size);
};

/* Cases of each group, terminated by an entry with a NULL id. */
extern const struct suite_case dispatch_cases[];
extern const struct suite_case permission_cases[];
extern const struct suite_case gem_cases[];
extern const struct suite_case dumb_cases[];
extern const struct suite_case prime_cases[];

/* "0" for success, else the errno name of the failed call (errno is read inside). */
const char *result_name(int rc);
/* The name of errno value e ("E?123" for one this table does not know). */
const char *errno_name(int e);
/* ioctl(2) restarted on EINTR/EAGAIN, as libdrm's drmIoctl: returns 0 or -1 with errno set. */
int xioctl(int fd, unsigned long request, void *arg);
/* Like snprintf into the case's observation. */
void say(char *observed, size_t size, const char *format, ...) __attribute__((format(printf, 3, 4)));

/*
 * Runs body in a child process whose effective capabilities lack CAP_SYS_ADMIN (still uid 0, so it can open
 * the nodes): the kernel treats a CAP_SYS_ADMIN opener of a primary node as authenticated "for compatibility",
 * so authentication rules can only be seen without it. The child's observation becomes the case's.
 */
void without_sys_admin(const struct ctx *c, char *observed, size_t size,
		       void (*body)(const struct ctx *c, char *observed, size_t size));
/* Opens path, sends one request, and observes its answer ("0" or the errno name); SKIP when path does not open. */
void answer_of(const char *path, char *observed, size_t size, unsigned long request, void *arg);
/* Opens a node O_RDWR|O_CLOEXEC; -1 with errno on failure. */
int open_node(const char *path);
/* A 64x64x32 dumb buffer on fd: the handle, or 0 with errno set. */
uint32_t create_dumb(int fd);
/* The prerequisite failed: the case cannot say anything about its rule. */
#define SKIP(obs, size, ...) do { say(obs, size, "SKIP: " __VA_ARGS__); return; } while (0)

#endif
