// SPDX-License-Identifier: MIT
/*
 * The runner: drm-conformance PRIMARY_NODE RENDER_NODE [--expect CASE_ID=ANSWER]... [CASE_ID...]
 * Runs every case (or the named ones), prints one CASE line each and a SUMMARY line; exits 0 when none failed
 * or was skipped, 1 otherwise, 2 for usage errors. --expect replaces a case's expectation, which shows that
 * the case can fail (a wrong expectation must make it FAIL).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include "conformance.h"

static const struct suite_case *const groups[] = {
	dispatch_cases, permission_cases, gem_cases, dumb_cases, prime_cases,
};

const char *errno_name(int e)
{
	static char unknown[16];

	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case E2BIG: return "E2BIG";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ENOTTY: return "ENOTTY";
	case ENOSYS: return "ENOSYS";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ETIMEDOUT: return "ETIMEDOUT";
	default:
		snprintf(unknown, sizeof(unknown), "E?%d", e);
		return unknown;
	}
}

const char *result_name(int rc)
{
	return rc == 0 ? "0" : errno_name(errno);
}

int xioctl(int fd, unsigned long request, void *arg)
{
	int rc;

	do {
		rc = ioctl(fd, request, arg);
	} while (rc == -1 && (errno == EINTR || errno == EAGAIN));
	return rc;
}

void say(char *observed, size_t size, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(observed, size, format, args);
	va_end(args);
}

int open_node(const char *path)
{
	return open(path, O_RDWR | O_CLOEXEC);
}

void answer_of(const char *path, char *observed, size_t size, unsigned long request, void *arg)
{
	int fd = open_node(path);

	if (fd < 0)
		SKIP(observed, size, "open %s: %s", path, errno_name(errno));
	say(observed, size, "%s", result_name(xioctl(fd, request, arg)));
	close(fd);
}

uint32_t create_dumb(int fd)
{
	struct drm_mode_create_dumb arg = { .width = 64, .height = 64, .bpp = 32 };

	if (xioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &arg))
		return 0;
	return arg.handle;
}

void without_sys_admin(const struct ctx *c, char *observed, size_t size,
		       void (*body)(const struct ctx *c, char *observed, size_t size))
{
	int pipefd[2], status;
	ssize_t got;
	pid_t child;

	if (pipe(pipefd))
		SKIP(observed, size, "pipe: %s", errno_name(errno));
	child = fork();
	if (child < 0)
		SKIP(observed, size, "fork: %s", errno_name(errno));
	if (child == 0) {
		struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
		struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];
		char mine[256] = "";

		close(pipefd[0]);
		if (syscall(SYS_capget, &header, caps) == 0) {
			caps[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
			if (syscall(SYS_capset, &header, caps) == 0)
				body(c, mine, sizeof(mine));
			else
				say(mine, sizeof(mine), "SKIP: capset: %s", errno_name(errno));
		} else {
			say(mine, sizeof(mine), "SKIP: capget: %s", errno_name(errno));
		}
		if (write(pipefd[1], mine, strlen(mine)) < 0)
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	got = read(pipefd[0], observed, size - 1);
	observed[got > 0 ? got : 0] = '\0';
	close(pipefd[0]);
	waitpid(child, &status, 0);
	if (got <= 0)
		say(observed, size, "SKIP: the unprivileged child said nothing");
}

#define MAX_ARGS 64

static const char *only[MAX_ARGS];
static int only_count;
static const char *override_id[MAX_ARGS];
static const char *override_answer[MAX_ARGS];
static int override_count;

static int selected(const char *id)
{
	int i;

	if (only_count == 0)
		return 1;
	for (i = 0; i < only_count; i++)
		if (strcmp(only[i], id) == 0)
			return 1;
	return 0;
}

static const char *expectation(const struct suite_case *k)
{
	int i;

	for (i = 0; i < override_count; i++)
		if (strcmp(override_id[i], k->id) == 0)
			return override_answer[i];
	return k->expected;
}

/* Parses the optional arguments; 0 on success. */
static int parse_arguments(int argc, char **argv)
{
	int i;

	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--expect") == 0) {
			char *eq = i + 1 < argc ? strchr(argv[i + 1], '=') : NULL;

			if (!eq || override_count == MAX_ARGS)
				return -1;
			*eq = '\0';
			override_id[override_count] = argv[++i];
			override_answer[override_count++] = eq + 1;
		} else if (only_count < MAX_ARGS) {
			only[only_count++] = argv[i];
		} else {
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ctx c;
	int passed = 0, failed = 0, skipped = 0;
	size_t g;

	if (argc < 3 || parse_arguments(argc, argv)) {
		fprintf(stderr, "usage: %s PRIMARY_NODE RENDER_NODE [--expect CASE_ID=ANSWER]... [CASE_ID...]\n", argv[0]);
		return 2;
	}
	c.primary = argv[1];
	c.render = argv[2];
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		const struct suite_case *k;

		for (k = groups[g]; k->id; k++) {
			char observed[256] = "";
			const char *status;

			const char *expected = expectation(k);

			if (!selected(k->id))
				continue;
			k->run(&c, observed, sizeof(observed));
			if (strncmp(observed, "SKIP:", 5) == 0) {
				status = "SKIP";
				skipped++;
			} else if (strcmp(observed, expected) == 0) {
				status = "PASS";
				passed++;
			} else {
				status = "FAIL";
				failed++;
			}
			printf("CASE\t%s\t%s\t%s\t%s\t%s\n", k->id, status, expected, observed, k->rule);
		}
	}
	printf("SUMMARY\t%d passed\t%d failed\t%d skipped\n", passed, failed, skipped);
	return failed || skipped ? 1 : 0;
}
