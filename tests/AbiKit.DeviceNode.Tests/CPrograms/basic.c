/* open, GET_PARAM, CREATE, PWRITE/PREAD round trip, drm_ioctl() error semantics and EFAULT for bad pointers. */
#include "node_test.h"

int main(int argc, char **argv)
{
	int fd = node_open(argv[argc - 1]);
	struct drm_abikit_get_param p;
	struct drm_abikit_create c;
	struct drm_abikit_close cl;
	static unsigned char out[3 * 4096 + 17], in[sizeof out];
	size_t i;
	__u32 h;

	memset(&p, 0, sizeof p);
	p.param = ABIKIT_PARAM_PAGE_SIZE;
	CHECK(xioctl(fd, DRM_IOCTL_ABIKIT_GET_PARAM, &p) == 0);
	CHECK(p.value == (__u64)sysconf(_SC_PAGESIZE));

	h = bo_create(fd, sizeof out, ABIKIT_CACHING_CACHED);
	for (i = 0; i < sizeof out; i++)
		out[i] = (unsigned char)(i * 7 + 3);
	CHECK(bo_pwrite(fd, h, 0, out, sizeof out) == 0);
	CHECK(bo_pread(fd, h, 0, in, sizeof in) == 0);
	CHECK(memcmp(in, out, sizeof out) == 0);
	/* An unaligned window in the middle. */
	memset(in, 0, sizeof in);
	CHECK(bo_pread(fd, h, 4095, in, 4098) == 0);
	CHECK(memcmp(in, out + 4095, 4098) == 0);

	/* Hostile arguments get errnos. */
	CHECK_ERRNO(bo_pread(fd, h, 0, NULL, 16), EFAULT);
	CHECK_ERRNO(bo_pread(fd, h, 0, (void *)(uintptr_t)0x1000, 16), EFAULT); /* unmapped page */
	CHECK_ERRNO(bo_pwrite(fd, h, 0, (void *)(uintptr_t)0x1000, 16), EFAULT);
	CHECK_ERRNO(bo_pread(fd, h, 1ULL << 40, in, 16), EINVAL);
	/* i915's order: access_ok() of data_ptr/size (a range wrapping past 2^64) is EFAULT before the range check. */
	CHECK_ERRNO(bo_pread(fd, h, 16, in, ~0ULL), EFAULT);
	CHECK_ERRNO(bo_pread(fd, 999, 0, in, 16), ENOENT);
	memset(&cl, 0, sizeof cl);
	cl.handle = 999;
	CHECK_ERRNO(xioctl(fd, DRM_IOCTL_ABIKIT_CLOSE, &cl), EINVAL);  /* GEM_CLOSE of an unknown handle */
	memset(&c, 0, sizeof c);
	c.size = 4096;
	c.pad = 1;
	CHECK_ERRNO(xioctl(fd, DRM_IOCTL_ABIKIT_CREATE, &c), EINVAL);  /* reserved field */
	c.pad = 0;
	c.flags = 0x80;
	CHECK_ERRNO(xioctl(fd, DRM_IOCTL_ABIKIT_CREATE, &c), EINVAL);  /* unknown flag bit */
	CHECK_ERRNO(xioctl(fd, DRM_IOWR(DRM_COMMAND_BASE + 0x5f, struct drm_abikit_create), &c), EINVAL); /* empty slot */
	CHECK_ERRNO(xioctl(fd, _IOWR('x', 1, struct drm_abikit_create), &c), ENOTTY);   /* another type */

	/* The failing CREATE copied its argument back, as drm_ioctl() does: handle stays 0. */
	CHECK(c.handle == 0);
	bo_close(fd, h);
	CHECK_ERRNO(bo_pread(fd, h, 0, in, 16), ENOENT);
	CHECK(close(fd) == 0);
	CHECK_ERRNO(xioctl(fd, DRM_IOCTL_ABIKIT_GET_PARAM, &p), EBADF);
	puts("ok");
	return 0;
}
