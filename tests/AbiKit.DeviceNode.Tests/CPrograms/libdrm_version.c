/* libdrm, unmodified, against the node: drmGetVersion, drmGetCap and drmIoctl with the generated request codes.
 * libdrm's drm.h stands in for the generated drm_core.h (the generated one mirrors it). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <xf86drm.h>

#define ABIKIT_DRM_CORE_H
#include "abikit_alloc.h"

#define CHECK(cond)                                                                           \
	do {                                                                                      \
		if (!(cond)) {                                                                        \
			fprintf(stderr, "%s:%d: check failed: %s (errno %d)\n", __FILE__, __LINE__, #cond, errno); \
			exit(1);                                                                          \
		}                                                                                     \
	} while (0)

int main(int argc, char **argv)
{
	int fd = open(argv[argc - 1], O_RDWR | O_CLOEXEC);
	drmVersionPtr v;
	uint64_t cap = 0;
	struct drm_abikit_get_param p;
	struct drm_abikit_create c;
	struct drm_gem_close gc;
	struct drm_gem_flink fl;
	int prime_fd = -1;

	CHECK(fd >= 0);
	v = drmGetVersion(fd);
	CHECK(v != NULL);
	CHECK(strcmp(v->name, "abikit") == 0 && v->name_len == 6);
	CHECK(v->version_major == 1 && v->desc_len > 0 && strlen(v->desc) == (size_t)v->desc_len);
	drmFreeVersion(v);
	CHECK(drmGetCap(fd, DRM_CAP_TIMESTAMP_MONOTONIC, &cap) == 0 && cap == 1);
	/* A driver without modesetting (as vgem) answers EOPNOTSUPP for every other capability. */
	CHECK(drmGetCap(fd, 0x7fff, &cap) == -EOPNOTSUPP || errno == EOPNOTSUPP);

	memset(&p, 0, sizeof p);
	p.param = ABIKIT_PARAM_HAS_EXPORT;
	CHECK(drmIoctl(fd, DRM_IOCTL_ABIKIT_GET_PARAM, &p) == 0 && p.value == 1);
	memset(&c, 0, sizeof c);
	c.size = 4096;
	CHECK(drmIoctl(fd, DRM_IOCTL_ABIKIT_CREATE, &c) == 0 && c.handle != 0);
	/* The core GEM ioctls: GEM_CLOSE closes the device's object (unknown handles: EINVAL); flink names are
	 * refused on a render node (EACCES); no PRIME fds (EOPNOTSUPP for a handle the file holds, after the
	 * kernel's checks; DRM_CAP_PRIME says 0). */
	memset(&gc, 0, sizeof gc);
	gc.handle = c.handle;
	CHECK(drmIoctl(fd, DRM_IOCTL_GEM_CLOSE, &gc) == 0);
	CHECK(drmIoctl(fd, DRM_IOCTL_GEM_CLOSE, &gc) == -1 && errno == EINVAL);
	memset(&fl, 0, sizeof fl);
	fl.handle = 1;
	CHECK(drmIoctl(fd, DRM_IOCTL_GEM_FLINK, &fl) == -1 && errno == EACCES);
	CHECK(drmGetCap(fd, DRM_CAP_PRIME, &cap) == 0 && cap == 0);
	CHECK(drmPrimeHandleToFD(fd, gc.handle, DRM_CLOEXEC, &prime_fd) != 0 && errno == ENOENT);
	CHECK(drmIoctl(fd, DRM_IOCTL_ABIKIT_CREATE, &c) == 0 && c.handle != 0);
	CHECK(drmPrimeHandleToFD(fd, c.handle, DRM_CLOEXEC, &prime_fd) != 0 && errno == EOPNOTSUPP);
	close(fd);
	puts("ok");
	return 0;
}
