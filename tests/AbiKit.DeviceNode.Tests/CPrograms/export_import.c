/* EXPORT in one process, IMPORT in another (each its own open of the node, so its own client). */
#include "node_test.h"

int main(int argc, char **argv)
{
	const char *path = argv[argc - 1];
	int fd = node_open(path), pipefd[2];
	static unsigned char buf[8192];
	struct drm_abikit_export e;
	__u32 bo = bo_create(fd, sizeof buf, ABIKIT_CACHING_CACHED);
	pid_t child;

	memset(buf, 0x61, sizeof buf);
	CHECK(bo_pwrite(fd, bo, 0, buf, sizeof buf) == 0);
	memset(&e, 0, sizeof e);
	e.handle = bo;
	CHECK(xioctl(fd, DRM_IOCTL_ABIKIT_EXPORT, &e) == 0 && e.token != 0);
	CHECK(pipe(pipefd) == 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		struct drm_abikit_import im;
		int mine;
		__u64 token;
		close(fd); /* only the child's own open below */
		mine = node_open(path);
		CHECK(read(pipefd[0], &token, sizeof token) == (ssize_t)sizeof token);
		memset(&im, 0, sizeof im);
		im.token = token + 1;
		CHECK_ERRNO(xioctl(mine, DRM_IOCTL_ABIKIT_IMPORT, &im), ENOENT); /* tokens are not guessable neighbours */
		im.token = token;
		CHECK(xioctl(mine, DRM_IOCTL_ABIKIT_IMPORT, &im) == 0 && im.size == sizeof buf);
		CHECK(bo_pread(mine, im.handle, 0, buf, sizeof buf) == 0 && all_bytes(buf, sizeof buf, 0x61));
		memset(buf, 0x62, 100);
		CHECK(bo_pwrite(mine, im.handle, 0, buf, 100) == 0);
		close(mine);
		_exit(0);
	}
	CHECK(write(pipefd[1], &e.token, sizeof e.token) == (ssize_t)sizeof e.token);
	reap(child);
	CHECK(bo_pread(fd, bo, 0, buf, sizeof buf) == 0);
	CHECK(all_bytes(buf, 100, 0x62) && all_bytes(buf + 100, sizeof buf - 100, 0x61));
	close(fd);
	puts("ok");
	return 0;
}
