/* 100,000 objects in one client: handles, not file descriptors, so the client's fd count does not grow. */
#include "node_test.h"
#include <dirent.h>

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;
	CHECK(d != NULL);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	enum { COUNT = 100000 };
	static __u32 handles[COUNT];
	int fd = node_open(argv[argc - 1]), before, i;
	unsigned char probe[8] = { 0 };

	before = count_fds();
	for (i = 0; i < COUNT; i++)
		handles[i] = bo_create(fd, 4096, ABIKIT_CACHING_CACHED);
	CHECK(count_fds() == before);
	CHECK(bo_pwrite(fd, handles[COUNT - 1], 0, "lastone", 8) == 0);
	CHECK(bo_pread(fd, handles[COUNT - 1], 0, probe, 8) == 0 && memcmp(probe, "lastone", 8) == 0);
	for (i = 0; i < COUNT; i++)
		bo_close(fd, handles[i]);
	CHECK(count_fds() == before);
	close(fd);
	puts("ok");
	return 0;
}
