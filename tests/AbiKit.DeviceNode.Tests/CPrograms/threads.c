/* Several threads of one client at once: create, PWRITE, map, cache maintenance, engine work and close in
 * parallel, each thread on its own objects. Every thread must see exactly its own data. */
#include "node_test.h"
#include <pthread.h>

enum { THREADS = 4, ROUNDS = 300 };

static int fd;

static void *worker(void *arg)
{
	unsigned char id = (unsigned char)(uintptr_t)arg, buf[8192];
	int round;
	for (round = 0; round < ROUNDS; round++) {
		unsigned char value = (unsigned char)(id * 40 + round % 40 + 1);
		__u32 caching = (round & 1) ? ABIKIT_CACHING_WRITE_COMBINED : ABIKIT_CACHING_CACHED;
		__u32 bo = bo_create(fd, sizeof buf, caching);
		unsigned char *map;
		memset(buf, value, sizeof buf);
		CHECK(bo_pwrite(fd, bo, 0, buf, sizeof buf) == 0);
		map = bo_map(fd, bo, sizeof buf);
		CHECK(all_bytes(map, sizeof buf, value));
		engine(fd, ABIKIT_OP_FILL, 0, bo, sizeof buf, (__u64)(value ^ 0xff));
		cpu_access(fd, DRM_IOCTL_ABIKIT_CPU_ACCESS_BEGIN, bo, ABIKIT_ACCESS_READ | ABIKIT_ACCESS_WRITE);
		CHECK(all_bytes(map, sizeof buf, (unsigned char)(value ^ 0xff)));
		memset(map, value, 100);
		cpu_access(fd, DRM_IOCTL_ABIKIT_CPU_ACCESS_END, bo, ABIKIT_ACCESS_READ | ABIKIT_ACCESS_WRITE);
		CHECK(bo_pread(fd, bo, 0, buf, sizeof buf) == 0);
		CHECK(all_bytes(buf, 100, value) && all_bytes(buf + 100, sizeof buf - 100, (unsigned char)(value ^ 0xff)));
		CHECK(munmap(map, sizeof buf) == 0);
		bo_close(fd, bo);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t threads[THREADS];
	int i;
	fd = node_open(argv[argc - 1]);
	for (i = 0; i < THREADS; i++)
		CHECK(pthread_create(&threads[i], NULL, worker, (void *)(uintptr_t)(i + 1)) == 0);
	for (i = 0; i < THREADS; i++)
		CHECK(pthread_join(threads[i], NULL) == 0);
	close(fd);
	puts("ok");
	return 0;
}
