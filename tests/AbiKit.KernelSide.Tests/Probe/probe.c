/*
 * abikit-kernel-probe: issues real ioctls on the test driver built from the generated kernel side
 * (../Module) and prints what the kernel answered, for AbiKit.KernelSide.Tests to compare with the spec.
 *
 *   abikit-kernel-probe NODE CASES
 *
 * First a fixed scenario of valid requests (CREATE, MMAP_OFFSET + mmap, PWRITE, PREAD, CLOSE), each line
 * "flow NAME OK" or "flow NAME FAIL why". Then one line "case NAME ERRNO" per line of CASES (0 for success),
 * each "NAME CODE-HEX ARG-HEX HANDLE-OFFSETS POINTER-OFFSETS": the argument bytes, with a live handle of a
 * fresh 4096-byte object written at each handle offset and a 64 KiB buffer's address at each pointer offset
 * ("-" for none). Built static with the headers AbiKit generated: the guest has only busybox.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "abikit_alloc.h"

static int failures;
static unsigned char buffer[65536];

static int call(int fd, unsigned long code, void *arg)
{
	return ioctl(fd, code, arg) == 0 ? 0 : errno;
}

static void flow(const char *name, int ok, const char *why)
{
	printf("flow %s %s%s%s\n", name, ok ? "OK" : "FAIL", ok ? "" : " ", ok ? "" : why);
	failures += !ok;
}

static __u32 create(int fd, __u64 size)
{
	struct drm_abikit_create create = { .size = size, .caching = ABIKIT_CACHING_CACHED };

	return call(fd, DRM_IOCTL_ABIKIT_CREATE, &create) == 0 ? create.handle : 0;
}

static void scenario(int fd)
{
	struct drm_abikit_get_param param = { .param = ABIKIT_PARAM_PAGE_SIZE };
	struct drm_abikit_create create = { .size = 5000, .caching = ABIKIT_CACHING_WRITE_COMBINED, .flags = ABIKIT_CREATE_CPU_ACCESS };
	struct drm_abikit_mmap_offset map = { 0 };
	struct drm_abikit_pwrite pwrite = { 0 };
	struct drm_abikit_pread pread = { 0 };
	struct drm_abikit_close close_args = { 0 };
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *cpu;
	int i;

	flow("get-param-page-size", call(fd, DRM_IOCTL_ABIKIT_GET_PARAM, &param) == 0 && param.value == (__u64)page, "GET_PARAM(PAGE_SIZE)");
	flow("create", call(fd, DRM_IOCTL_ABIKIT_CREATE, &create) == 0 && create.handle != 0 && create.size == 2 * (__u64)page, "CREATE 5000 bytes gives two pages");
	map.handle = create.handle;
	flow("mmap-offset", call(fd, DRM_IOCTL_ABIKIT_MMAP_OFFSET, &map) == 0 && map.offset != 0, "MMAP_OFFSET");
	cpu = mmap(NULL, create.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)map.offset);
	flow("mmap", cpu != MAP_FAILED, "mmap of the offset");
	if (cpu == MAP_FAILED)
		return;
	for (i = 0; i < 256; i++)
		cpu[page + i] = (unsigned char)(i ^ 0x5a);
	pread.handle = create.handle;
	pread.offset = (__u64)page;
	pread.size = 256;
	pread.data_ptr = (__u64)(uintptr_t)buffer;
	flow("pread-sees-mapping", call(fd, DRM_IOCTL_ABIKIT_PREAD, &pread) == 0 && memcmp(buffer, cpu + page, 256) == 0, "PREAD of what the mapping wrote");
	for (i = 0; i < 64; i++)
		buffer[i] = (unsigned char)(0xa0 + i);
	pwrite.handle = create.handle;
	pwrite.offset = create.size - 64;
	pwrite.size = 64;
	pwrite.data_ptr = (__u64)(uintptr_t)buffer;
	flow("pwrite-reaches-mapping", call(fd, DRM_IOCTL_ABIKIT_PWRITE, &pwrite) == 0 && memcmp(buffer, cpu + create.size - 64, 64) == 0, "PWRITE seen through the mapping");
	pwrite.offset = create.size - 63;
	flow("pwrite-past-end", call(fd, DRM_IOCTL_ABIKIT_PWRITE, &pwrite) == EINVAL, "PWRITE one byte past the end gives EINVAL");
	munmap(cpu, create.size);
	close_args.handle = create.handle;
	flow("close", call(fd, DRM_IOCTL_ABIKIT_CLOSE, &close_args) == 0, "CLOSE");
	flow("close-again", call(fd, DRM_IOCTL_ABIKIT_CLOSE, &close_args) == EINVAL, "a second CLOSE gives EINVAL");
	pread.handle = create.handle;
	flow("pread-closed", call(fd, DRM_IOCTL_ABIKIT_PREAD, &pread) == ENOENT, "PREAD of a closed handle gives ENOENT");
}

static int hex_bytes(const char *hex, unsigned char *out, size_t max)
{
	size_t n = strlen(hex) / 2, i;
	unsigned int byte;

	if (n > max)
		return -1;
	for (i = 0; i < n; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			return -1;
		out[i] = (unsigned char)byte;
	}
	return (int)n;
}

static void run_cases(int fd, FILE *cases)
{
	char name[128], code[32], hex[8192], handles[256], pointers[256];
	unsigned char arg[4096];

	while (fscanf(cases, "%127s %31s %8191s %255s %255s", name, code, hex, handles, pointers) == 5) {
		__u32 handle = create(fd, 4096);
		__u64 address = (__u64)(uintptr_t)buffer;
		struct drm_abikit_close close_args = { .handle = handle };
		char *at, *end;
		int answer;

		if (hex_bytes(hex, arg, sizeof(arg)) < 0 || handle == 0) {
			printf("case %s setup-failed\n", name);
			failures++;
			continue;
		}
		for (at = handles; *at && *at != '-'; at = *end ? end + 1 : end) {
			unsigned long offset = strtoul(at, &end, 10);

			memcpy(arg + offset, &handle, sizeof(handle));
		}
		for (at = pointers; *at && *at != '-'; at = *end ? end + 1 : end) {
			unsigned long offset = strtoul(at, &end, 10);

			memcpy(arg + offset, &address, sizeof(address));
		}
		answer = call(fd, strtoul(code, NULL, 16), arg);
		printf("case %s %d\n", name, answer);
		call(fd, DRM_IOCTL_ABIKIT_CLOSE, &close_args);
	}
}

int main(int argc, char **argv)
{
	FILE *cases;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s NODE CASES\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	cases = fopen(argv[2], "r");
	if (!cases) {
		perror(argv[2]);
		return 2;
	}
	scenario(fd);
	run_cases(fd, cases);
	printf("probe done, %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
