/* Helpers shared by the device-node test programs: each is a separate process that opens the served node
 * (argv[1]) and drives it only with open(2), ioctl(2), mmap(2) and close(2), through the generated header. */
#ifndef NODE_TEST_H
#define NODE_TEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abikit_alloc.h"

#define CHECK(cond)                                                                                   \
	do {                                                                                              \
		if (!(cond)) {                                                                                \
			fprintf(stderr, "%s:%d: check failed: %s (errno %d: %s)\n", __FILE__, __LINE__, #cond, errno, \
				strerror(errno));                                                                     \
			exit(1);                                                                                  \
		}                                                                                             \
	} while (0)

/* An ioctl expected to fail with exactly errno e. */
#define CHECK_ERRNO(call, e)                                                                          \
	do {                                                                                              \
		int r_ = (call);                                                                              \
		if (r_ != -1 || errno != (e)) {                                                               \
			fprintf(stderr, "%s:%d: %s returned %d errno %d (%s), expected errno %d (%s)\n", __FILE__,     \
				__LINE__, #call, r_, errno, strerror(errno), (e), strerror(e));                       \
			exit(1);                                                                                  \
		}                                                                                             \
	} while (0)

/* drmIoctl()'s retry loop. */
static inline int xioctl(int fd, unsigned long request, void *arg)
{
	int r;
	do
		r = ioctl(fd, request, arg);
	while (r == -1 && (errno == EINTR || errno == EAGAIN));
	return r;
}

static inline int node_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0);
	return fd;
}

static inline __u32 bo_create(int fd, __u64 size, __u32 caching)
{
	struct drm_abikit_create c;
	memset(&c, 0, sizeof c);
	c.size = size;
	c.caching = caching;
	CHECK(xioctl(fd, DRM_IOCTL_ABIKIT_CREATE, &c) == 0);
	CHECK(c.handle != 0);
	return c.handle;
}

static inline void bo_close(int fd, __u32 handle)
{
	struct drm_abikit_close c;
	memset(&c, 0, sizeof c);
	c.handle = handle;
	CHECK(xioctl(fd, DRM_IOCTL_ABIKIT_CLOSE, &c) == 0);
}

static inline int bo_pwrite(int fd, __u32 handle, __u64 offset, const void *data, __u64 size)
{
	struct drm_abikit_pwrite w;
	memset(&w, 0, sizeof w);
	w.handle = handle;
	w.offset = offset;
	w.size = size;
	w.data_ptr = (__u64)(uintptr_t)data;
	return xioctl(fd, DRM_IOCTL_ABIKIT_PWRITE, &w);
}

static inline int bo_pread(int fd, __u32 handle, __u64 offset, void *data, __u64 size)
{
	struct drm_abikit_pread r;
	memset(&r, 0, sizeof r);
	r.handle = handle;
	r.offset = offset;
	r.size = size;
	r.data_ptr = (__u64)(uintptr_t)data;
	return xioctl(fd, DRM_IOCTL_ABIKIT_PREAD, &r);
}

static inline __u64 bo_mmap_offset(int fd, __u32 handle)
{
	struct drm_abikit_mmap_offset m;
	memset(&m, 0, sizeof m);
	m.handle = handle;
	CHECK(xioctl(fd, DRM_IOCTL_ABIKIT_MMAP_OFFSET, &m) == 0);
	return m.offset;
}

static inline unsigned char *bo_map(int fd, __u32 handle, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)bo_mmap_offset(fd, handle));
	CHECK(p != MAP_FAILED);
	return p;
}

static inline void cpu_access(int fd, unsigned long request, __u32 handle, __u32 flags)
{
	struct drm_abikit_cpu_access a;
	memset(&a, 0, sizeof a);
	a.handle = handle;
	a.flags = flags;
	CHECK(xioctl(fd, request, &a) == 0);
}

static inline void engine(int fd, __u32 op, __u32 src, __u32 dst, __u64 size, __u64 value)
{
	struct drm_abikit_submit s;
	struct drm_abikit_wait w;
	memset(&s, 0, sizeof s);
	s.op = op;
	s.src_handle = src;
	s.dst_handle = dst;
	s.size = size;
	s.value = value;
	CHECK(xioctl(fd, DRM_IOCTL_ABIKIT_SUBMIT, &s) == 0);
	memset(&w, 0, sizeof w);
	w.handle = dst;
	w.timeout_ns = -1;
	CHECK(xioctl(fd, DRM_IOCTL_ABIKIT_WAIT, &w) == 0);
}

static inline int all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/* Waits for a child and fails unless it exited with 0. */
static inline void reap(pid_t pid)
{
	int status;
	CHECK(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "child %d failed (status 0x%x)\n", (int)pid, status);
		exit(1);
	}
}

#endif
