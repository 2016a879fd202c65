/* mmap(2) at an object's MMAP_OFFSET maps exactly that object; another client's offset never shows its memory. */
#include "node_test.h"
#include <setjmp.h>
#include <signal.h>

static sigjmp_buf fault;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(fault, 1);
}

int main(int argc, char **argv)
{
	const char *path = argv[argc - 1];
	int fd = node_open(path), other = node_open(path);
	size_t size = 2 * 4096;
	static unsigned char buf[2 * 4096];
	__u32 a = bo_create(fd, size, ABIKIT_CACHING_CACHED), b = bo_create(fd, size, ABIKIT_CACHING_CACHED), secret;
	unsigned char *ma, *mb, *stolen;
	volatile unsigned char seen = 0;
	struct sigaction sa;

	memset(buf, 0x11, size);
	CHECK(bo_pwrite(fd, a, 0, buf, size) == 0);
	memset(buf, 0x22, size);
	CHECK(bo_pwrite(fd, b, 0, buf, size) == 0);
	ma = bo_map(fd, a, size);
	mb = bo_map(fd, b, size);
	CHECK(all_bytes(ma, size, 0x11));
	CHECK(all_bytes(mb, size, 0x22));

	/* CPU writes through the mapping reach the object (PREAD sees them: the object is coherent). */
	memset(ma + 100, 0x33, 5000);
	CHECK(bo_pread(fd, a, 0, buf, size) == 0);
	CHECK(all_bytes(buf + 100, 5000, 0x33) && buf[99] == 0x11 && buf[5100] == 0x11);
	CHECK(all_bytes(mb, size, 0x22)); /* b untouched */

	/* PWRITE reaches an existing mapping. */
	memset(buf, 0x44, 64);
	CHECK(bo_pwrite(fd, b, 4096, buf, 64) == 0);
	CHECK(all_bytes(mb + 4096, 64, 0x44) && mb[4096 + 64] == 0x22);

	/* Another client (its own open) cannot map this client's object: the offset is not its own. */
	secret = bo_create(fd, 4096, ABIKIT_CACHING_CACHED);
	memset(buf, 0x5e, 4096);
	CHECK(bo_pwrite(fd, secret, 0, buf, 4096) == 0);
	CHECK(all_bytes(bo_map(fd, secret, 4096), 4096, 0x5e)); /* cached in this client's page cache now */
	stolen = mmap(NULL, 4096, PROT_READ, MAP_SHARED, other, (off_t)bo_mmap_offset(fd, secret));
	CHECK(stolen != MAP_FAILED);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigbus;
	CHECK(sigaction(SIGBUS, &sa, NULL) == 0);
	if (sigsetjmp(fault, 1) == 0) {
		seen = stolen[0];
		fprintf(stderr, "another client's mapping read 0x%02x instead of faulting\n", seen);
		return 1;
	}
	/* And the other client's handle namespace is its own: handle 1 there is not ours. */
	CHECK_ERRNO(bo_pread(other, a, 0, buf, 16), ENOENT);

	CHECK(munmap(ma, size) == 0 && munmap(mb, size) == 0 && munmap(stolen, 4096) == 0);
	close(other);
	close(fd);
	puts("ok");
	return 0;
}
