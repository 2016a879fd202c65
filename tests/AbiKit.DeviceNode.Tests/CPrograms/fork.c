/* A forked child uses the inherited fd: same client and handles, its own address space for user pointers. */
#include "node_test.h"

int main(int argc, char **argv)
{
	int fd = node_open(argv[argc - 1]);
	static unsigned char buf[3 * 4096];
	__u32 bo = bo_create(fd, sizeof buf, ABIKIT_CACHING_WRITE_COMBINED);
	pid_t child;

	memset(buf, 0x31, sizeof buf);
	CHECK(bo_pwrite(fd, bo, 0, buf, sizeof buf) == 0);
	memset(buf, 0, sizeof buf); /* the child's copy of buf starts as zeros: what it reads comes from the device */
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		CHECK(bo_pread(fd, bo, 0, buf, sizeof buf) == 0 && all_bytes(buf, sizeof buf, 0x31));
		memset(buf, 0x32, sizeof buf);
		CHECK(bo_pwrite(fd, bo, 4096, buf, 4096) == 0);
		_exit(0);
	}
	reap(child);
	CHECK(all_bytes(buf, sizeof buf, 0)); /* the child wrote its own memory, not the parent's */
	CHECK(bo_pread(fd, bo, 0, buf, sizeof buf) == 0);
	CHECK(all_bytes(buf, 4096, 0x31) && all_bytes(buf + 4096, 4096, 0x32) && all_bytes(buf + 8192, 4096, 0x31));
	bo_close(fd, bo);
	close(fd);
	puts("ok");
	return 0;
}
