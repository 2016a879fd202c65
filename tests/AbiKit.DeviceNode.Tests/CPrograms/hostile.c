/* Hostile callers: random request codes and random argument bytes (with random pointers in them) get errnos;
 * the node keeps serving, and nothing it does is visible as a crash. */
#include "node_test.h"

static unsigned long long state = 0x9e3779b97f4a7c15ULL;

static unsigned long long next_random(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static int acceptable(int e)
{
	return e == EINVAL || e == ENOENT || e == EFAULT || e == EACCES || e == ENOTTY || e == E2BIG || e == EPERM ||
	       e == ENOMEM || e == ENODEV || e == EBUSY || e == ETIME || e == EOPNOTSUPP;
}

int main(int argc, char **argv)
{
	int fd = node_open(argv[argc - 1]), i, r;
	static unsigned char arg[16384];
	static const unsigned long driver[] = {
		DRM_IOCTL_ABIKIT_CREATE, DRM_IOCTL_ABIKIT_CLOSE, DRM_IOCTL_ABIKIT_PREAD, DRM_IOCTL_ABIKIT_PWRITE,
		DRM_IOCTL_ABIKIT_MMAP_OFFSET, DRM_IOCTL_ABIKIT_CPU_ACCESS_BEGIN, DRM_IOCTL_ABIKIT_CPU_ACCESS_END,
		DRM_IOCTL_ABIKIT_PIN, DRM_IOCTL_ABIKIT_UNPIN, DRM_IOCTL_ABIKIT_MADVISE, DRM_IOCTL_ABIKIT_BUSY,
		DRM_IOCTL_ABIKIT_GET_PARAM, DRM_IOCTL_ABIKIT_USERPTR, DRM_IOCTL_ABIKIT_EXPORT, DRM_IOCTL_ABIKIT_IMPORT,
		DRM_IOCTL_ABIKIT_SUBMIT, DRM_IOCTL_GEM_CLOSE, DRM_IOCTL_GEM_FLINK, DRM_IOCTL_PRIME_HANDLE_TO_FD,
	};
	struct drm_abikit_get_param p;

	/* Random codes of type 'd', any direction, size and number, on a zeroed argument. */
	for (i = 0; i < 3000; i++) {
		unsigned long request = (unsigned long)(next_random() & 0xffff00ffUL) | ('d' << 8);
		memset(arg, 0, sizeof arg);
		r = ioctl(fd, request, arg);
		if (r == -1 && !acceptable(errno)) {
			fprintf(stderr, "request 0x%lx: unexpected errno %d (%s)\n", request, errno, strerror(errno));
			return 1;
		}
	}
	/* The device's own requests with random bytes: random handles, sizes, flags and user pointers. WAIT is left
	 * out: a random timeout may legitimately block for a very long time. */
	for (i = 0; i < 6000; i++) {
		unsigned long request = driver[next_random() % (sizeof driver / sizeof driver[0])];
		size_t k;
		for (k = 0; k < 64; k += 8) {
			unsigned long long v = next_random();
			memcpy(arg + k, &v, 8);
		}
		r = ioctl(fd, request, arg);
		if (r == -1 && !acceptable(errno)) {
			fprintf(stderr, "request 0x%lx: unexpected errno %d (%s)\n", request, errno, strerror(errno));
			return 1;
		}
	}
	memset(&p, 0, sizeof p);
	p.param = ABIKIT_PARAM_PAGE_SIZE;
	CHECK(xioctl(fd, DRM_IOCTL_ABIKIT_GET_PARAM, &p) == 0 && p.value == (__u64)sysconf(_SC_PAGESIZE));
	close(fd);
	puts("ok");
	return 0;
}
