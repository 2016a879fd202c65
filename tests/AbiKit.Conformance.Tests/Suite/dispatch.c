// SPDX-License-Identifier: MIT
/*
 * drm_ioctl()'s dispatch (drivers/gpu/drm/drm_ioctl.c): which requests reach a handler, how many bytes are
 * copied in and out, and what comes back for everything else. DRM_IOCTL_GET_CAP (16 bytes, in and out) is
 * the probe: its handler writes `value`, and zeroes it first even when it then fails.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "conformance.h"

#define SENTINEL 0xA5A5A5A5A5A5A5A5ULL
#define GETCAP_NR 0x0c

/* DRM_IOCTL_GET_CAP with another direction or size than drm.h's, as an older or newer caller would send. */
#define GETCAP(dir, size) _IOC(dir, DRM_IOCTL_BASE, GETCAP_NR, size)

static void other_type(const struct ctx *c, char *obs, size_t n)
{
	answer_of(c->render, obs, n, _IO('x', 0x00), NULL);
}

static void core_hole(const struct ctx *c, char *obs, size_t n)
{
	answer_of(c->render, obs, n, _IO(DRM_IOCTL_BASE, 0x0e), NULL);
}

static void core_beyond(const struct ctx *c, char *obs, size_t n)
{
	answer_of(c->render, obs, n, _IO(DRM_IOCTL_BASE, 0xf0), NULL);
}

static void driver_beyond(const struct ctx *c, char *obs, size_t n)
{
	answer_of(c->render, obs, n, _IO(DRM_IOCTL_BASE, DRM_COMMAND_BASE + 0x5f), NULL);
}

static void no_size(const struct ctx *c, char *obs, size_t n)
{
	/* DRM_IOCTL_GEM_CLOSE's number with no direction and no size: nothing is copied in, the kernel copy is
	 * zero-filled to the driver's size, so the handler sees handle 0. */
	answer_of(c->render, obs, n, _IO(DRM_IOCTL_BASE, 0x09), NULL);
}

/* GET_CAP(TIMESTAMP_MONOTONIC) with a caller that sends `size` bytes and marks what follows the capability. */
static void getcap_sized(const struct ctx *c, char *obs, size_t n, unsigned int dir, unsigned int size)
{
	uint64_t buf[3] = { DRM_CAP_TIMESTAMP_MONOTONIC, SENTINEL, SENTINEL };
	char value[24];
	int fd = open_node(c->render);
	int rc;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->render, errno_name(errno));
	rc = xioctl(fd, GETCAP(dir, size), buf);
	if (buf[1] == SENTINEL)
		strcpy(value, "untouched");
	else
		snprintf(value, sizeof(value), "%llu", (unsigned long long)buf[1]);
	say(obs, n, "rc=%s capability=%llu value=%s tail=%s", result_name(rc), (unsigned long long)buf[0],
	    value, buf[2] == SENTINEL ? "untouched" : "written");
	close(fd);
}

static void size_short(const struct ctx *c, char *obs, size_t n)
{
	getcap_sized(c, obs, n, _IOC_READ | _IOC_WRITE, 8);
}

static void size_long(const struct ctx *c, char *obs, size_t n)
{
	getcap_sized(c, obs, n, _IOC_READ | _IOC_WRITE, 24);
}

static void no_copy_out(const struct ctx *c, char *obs, size_t n)
{
	getcap_sized(c, obs, n, _IOC_WRITE, 16);
}

static void no_copy_in(const struct ctx *c, char *obs, size_t n)
{
	/* Nothing copied in: the handler sees capability 0 (unknown), fails, and the zeroed struct still goes back. */
	getcap_sized(c, obs, n, _IOC_READ, 16);
}

static void copy_out_on_error(const struct ctx *c, char *obs, size_t n)
{
	struct drm_get_cap cap = { .capability = 0x7fff, .value = SENTINEL };
	int fd = open_node(c->render);
	int rc;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->render, errno_name(errno));
	rc = xioctl(fd, DRM_IOCTL_GET_CAP, &cap);
	say(obs, n, "rc=%s value=%s", result_name(rc), cap.value == 0 ? "0" : cap.value == SENTINEL ? "untouched" : "other");
	close(fd);
}

static void efault_in(const struct ctx *c, char *obs, size_t n)
{
	answer_of(c->render, obs, n, DRM_IOCTL_GEM_CLOSE, (void *)16);
}

static void efault_out(const struct ctx *c, char *obs, size_t n)
{
	answer_of(c->render, obs, n, GETCAP(_IOC_READ, 16), (void *)16);
}

static void getcap_prime(const struct ctx *c, char *obs, size_t n)
{
	struct drm_get_cap cap = { .capability = DRM_CAP_PRIME };
	int fd = open_node(c->render);
	int rc;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->render, errno_name(errno));
	rc = xioctl(fd, DRM_IOCTL_GET_CAP, &cap);
	say(obs, n, "rc=%s value=%llu", result_name(rc), (unsigned long long)cap.value);
	close(fd);
}

static void getcap_dumb(const struct ctx *c, char *obs, size_t n)
{
	struct drm_get_cap cap = { .capability = DRM_CAP_DUMB_BUFFER, .value = SENTINEL };
	answer_of(c->primary, obs, n, DRM_IOCTL_GET_CAP, &cap);
}

static void version_lengths(const struct ctx *c, char *obs, size_t n)
{
	struct drm_version v;
	int fd = open_node(c->render);
	int rc;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->render, errno_name(errno));
	memset(&v, 0, sizeof(v));
	rc = xioctl(fd, DRM_IOCTL_VERSION, &v);
	say(obs, n, "rc=%s name_len=%s desc_len=%s", result_name(rc), v.name_len > 0 ? ">0" : "0",
	    v.desc_len > 0 ? ">0" : "0");
	close(fd);
}

static void version_truncated(const struct ctx *c, char *obs, size_t n)
{
	char name[3] = { 'x', 'x', 'x' };
	struct drm_version v;
	int fd = open_node(c->render);
	int rc;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->render, errno_name(errno));
	memset(&v, 0, sizeof(v));
	v.name = name;
	v.name_len = 2;
	rc = xioctl(fd, DRM_IOCTL_VERSION, &v);
	say(obs, n, "rc=%s copied=2 third=%s name_len=%s", result_name(rc), name[2] == 'x' ? "untouched" : "written",
	    v.name_len > 2 ? "full" : "truncated");
	close(fd);
}

const struct suite_case dispatch_cases[] = {
	{ "dispatch.other-type", "a request of another _IOC type than 'd' is not DRM's", "ENOTTY", other_type },
	{ "dispatch.core-hole", "a core number with no entry in drm_ioctls[] (0x0e)", "EINVAL", core_hole },
	{ "dispatch.core-beyond", "a core number past drm_ioctls[] (0xf0)", "EINVAL", core_beyond },
	{ "dispatch.driver-beyond", "a driver number past the driver's table (DRM_COMMAND_BASE + 0x5f)", "EINVAL", driver_beyond },
	{ "dispatch.no-size", "_IO() of a core number with a struct: the handler sees a zero-filled struct (GEM_CLOSE of handle 0)", "EINVAL", no_size },
	{ "dispatch.size-short", "a caller's struct shorter than the driver's: its bytes in, zeros for the rest, only its size back",
	  "rc=0 capability=6 value=untouched tail=untouched", size_short },
	{ "dispatch.size-long", "a caller's struct longer than the driver's: the handler reads its own size, the caller's whole size comes back",
	  "rc=0 capability=6 value=1 tail=untouched", size_long },
	{ "dispatch.no-copy-out", "_IOW of an _IOWR ioctl: copied in, nothing copied back", "rc=0 capability=6 value=untouched tail=untouched", no_copy_out },
	{ "dispatch.no-copy-in", "_IOR of an _IOWR ioctl: nothing copied in (the handler sees zeros), the zeroed struct comes back",
	  "rc=EOPNOTSUPP capability=0 value=0 tail=untouched", no_copy_in },
	{ "dispatch.copy-out-on-error", "the struct is copied back even when the handler fails", "rc=EOPNOTSUPP value=0", copy_out_on_error },
	{ "dispatch.efault-in", "an argument pointer that cannot be read", "EFAULT", efault_in },
	{ "dispatch.efault-out", "an argument pointer that cannot be written (_IOR)", "EFAULT", efault_out },
	{ "getcap.prime", "DRM_CAP_PRIME: import and export", "rc=0 value=3", getcap_prime },
	{ "getcap.dumb-non-kms", "DRM_CAP_DUMB_BUFFER on a driver without modesetting", "EOPNOTSUPP", getcap_dumb },
	{ "version.lengths", "DRM_IOCTL_VERSION with no buffers reports the lengths", "rc=0 name_len=>0 desc_len=>0", version_lengths },
	{ "version.truncated", "DRM_IOCTL_VERSION copies at most the caller's length and reports the full one",
	  "rc=0 copied=2 third=untouched name_len=full", version_truncated },
	{ NULL, NULL, NULL, NULL },
};
