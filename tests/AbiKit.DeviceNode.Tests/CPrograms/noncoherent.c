/* WRITE_COMBINED and UNCACHED objects: the node's page cache is the CPU cache. Without CPU_ACCESS_BEGIN(READ)
 * the CPU sees stale data after the engine writes; without CPU_ACCESS_END(WRITE) the engine misses CPU writes. */
#include "node_test.h"

static void run(int fd, __u32 caching)
{
	size_t size = 4 * 4096;
	static unsigned char buf[4 * 4096];
	__u32 bo = bo_create(fd, size, caching), probe = bo_create(fd, size, ABIKIT_CACHING_CACHED);
	unsigned char *map = bo_map(fd, bo, size);

	/* Device → CPU. */
	CHECK(all_bytes(map, size, 0)); /* the CPU has the object's (zero) contents cached */
	engine(fd, ABIKIT_OP_FILL, 0, bo, size, 0xab);
	CHECK(all_bytes(map, size, 0)); /* stale: no invalidate yet */
	cpu_access(fd, DRM_IOCTL_ABIKIT_CPU_ACCESS_BEGIN, bo, ABIKIT_ACCESS_READ);
	CHECK(all_bytes(map, size, 0xab)); /* fresh */
	cpu_access(fd, DRM_IOCTL_ABIKIT_CPU_ACCESS_END, bo, ABIKIT_ACCESS_READ);

	/* CPU → device. */
	memset(map, 0x5c, size);
	engine(fd, ABIKIT_OP_COPY, bo, probe, size, 0);
	CHECK(bo_pread(fd, probe, 0, buf, size) == 0);
	CHECK(all_bytes(buf, size, 0xab)); /* the engine missed the CPU's writes */
	cpu_access(fd, DRM_IOCTL_ABIKIT_CPU_ACCESS_BEGIN, bo, ABIKIT_ACCESS_WRITE);
	memset(map, 0x5c, size);
	cpu_access(fd, DRM_IOCTL_ABIKIT_CPU_ACCESS_END, bo, ABIKIT_ACCESS_WRITE);
	engine(fd, ABIKIT_OP_COPY, bo, probe, size, 0);
	CHECK(bo_pread(fd, probe, 0, buf, size) == 0);
	CHECK(all_bytes(buf, size, 0x5c)); /* written back */

	CHECK(munmap(map, size) == 0);
	bo_close(fd, bo);
	bo_close(fd, probe);
}

int main(int argc, char **argv)
{
	int fd = node_open(argv[argc - 1]);
	run(fd, ABIKIT_CACHING_WRITE_COMBINED);
	run(fd, ABIKIT_CACHING_UNCACHED);
	close(fd);
	puts("ok");
	return 0;
}
