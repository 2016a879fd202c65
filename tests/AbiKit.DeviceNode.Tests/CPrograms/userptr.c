/* USERPTR of the C program's own memory: the device reads and writes the caller's pages (process_vm_readv/writev
 * on its pid), with i915's checks: read-only memory needs READ_ONLY, PROBE refuses a mapping of the node,
 * unaligned is EINVAL, unmapped is EFAULT. */
#include "node_test.h"

static int userptr(int fd, void *p, __u64 size, __u32 flags, __u32 *handle)
{
	struct drm_abikit_userptr u;
	int r;
	memset(&u, 0, sizeof u);
	u.user_ptr = (__u64)(uintptr_t)p;
	u.user_size = size;
	u.flags = flags;
	r = xioctl(fd, DRM_IOCTL_ABIKIT_USERPTR, &u);
	if (r == 0 && handle)
		*handle = u.handle;
	return r;
}

static int submit(int fd, __u32 op, __u32 src, __u32 dst, __u64 size, __u64 value)
{
	struct drm_abikit_submit s;
	memset(&s, 0, sizeof s);
	s.op = op;
	s.src_handle = src;
	s.dst_handle = dst;
	s.size = size;
	s.value = value;
	return xioctl(fd, DRM_IOCTL_ABIKIT_SUBMIT, &s);
}

int main(int argc, char **argv)
{
	int fd = node_open(argv[argc - 1]);
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = 4 * page;
	unsigned char *heap, *anon, *ro, *gone, *node_map;
	static unsigned char buf[4 * 4096];
	__u32 uheap, uanon, uro, urw, ugone, bo, node_bo;
	struct drm_abikit_mmap_offset mo;

	/* malloc'd memory: the engine writes straight into this process's pages. */
	CHECK(posix_memalign((void **)&heap, page, size) == 0);
	memset(heap, 0, size);
	CHECK(userptr(fd, heap, size, 0, &uheap) == 0);
	engine(fd, ABIKIT_OP_FILL, 0, uheap, size, 0x4d);
	CHECK(all_bytes(heap, size, 0x4d));

	/* mmap'd memory: the engine reads what this process wrote. */
	anon = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(anon != MAP_FAILED);
	memset(anon, 0x3c, size);
	CHECK(userptr(fd, anon, size, ABIKIT_USERPTR_PROBE, &uanon) == 0); /* ordinary memory passes PROBE */
	bo = bo_create(fd, size, ABIKIT_CACHING_CACHED);
	engine(fd, ABIKIT_OP_COPY, uanon, bo, size, 0);
	CHECK(bo_pread(fd, bo, 0, buf, size) == 0 && all_bytes(buf, size, 0x3c));

	/* Read-only memory: only with READ_ONLY, and then the engine never writes it. */
	ro = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED);
	/* Writable use of it: PROBE refuses it now; without PROBE creation only checks the range (as i915) and the
	 * first use that writes it is EFAULT. */
	CHECK_ERRNO(userptr(fd, ro, size, ABIKIT_USERPTR_PROBE, NULL), EFAULT);
	CHECK(userptr(fd, ro, size, 0, &urw) == 0);
	CHECK_ERRNO(submit(fd, ABIKIT_OP_FILL, 0, urw, size, 1), EFAULT);
	CHECK(userptr(fd, ro, size, ABIKIT_USERPTR_READ_ONLY, &uro) == 0);
	CHECK_ERRNO(submit(fd, ABIKIT_OP_FILL, 0, uro, size, 1), EPERM);
	engine(fd, ABIKIT_OP_COPY, uro, bo, size, 0);
	CHECK(bo_pread(fd, bo, 0, buf, size) == 0 && all_bytes(buf, size, 0));

	/* PROBE refuses a mapping of a device object; without PROBE it is just mapped memory. */
	node_bo = bo_create(fd, size, ABIKIT_CACHING_CACHED);
	node_map = bo_map(fd, node_bo, size);
	CHECK_ERRNO(userptr(fd, node_map, size, ABIKIT_USERPTR_PROBE, NULL), EFAULT);

	/* Alignment and holes. */
	CHECK_ERRNO(userptr(fd, heap + 1, page, 0, NULL), EINVAL);
	CHECK_ERRNO(userptr(fd, heap, page + 1, 0, NULL), EINVAL);
	CHECK_ERRNO(userptr(fd, heap, 0, 0, NULL), EINVAL);
	gone = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(gone != MAP_FAILED && munmap(gone, size) == 0);
	/* Unmapped memory: PROBE says EFAULT now; without it creation succeeds and the first use is EFAULT (i915). */
	CHECK_ERRNO(userptr(fd, gone, size, ABIKIT_USERPTR_PROBE, NULL), EFAULT);
	CHECK(userptr(fd, gone, size, 0, &ugone) == 0);
	CHECK_ERRNO(submit(fd, ABIKIT_OP_COPY, ugone, bo, size, 0), EFAULT);
	bo_close(fd, ugone);

	/* i915's restrictions on userptr objects. */
	CHECK_ERRNO(bo_pread(fd, uheap, 0, buf, 16), EINVAL);
	memset(&mo, 0, sizeof mo);
	mo.handle = uheap;
	CHECK_ERRNO(xioctl(fd, DRM_IOCTL_ABIKIT_MMAP_OFFSET, &mo), ENODEV);

	/* Memory unmapped under a live object: SUBMIT says EFAULT, nothing crashes. */
	CHECK(munmap(anon, size) == 0);
	CHECK_ERRNO(submit(fd, ABIKIT_OP_COPY, uanon, bo, size, 0), EFAULT);

	bo_close(fd, uheap);
	bo_close(fd, uanon);
	bo_close(fd, uro);
	bo_close(fd, urw);
	bo_close(fd, bo);
	CHECK(munmap(node_map, size) == 0);
	bo_close(fd, node_bo);
	close(fd);
	free(heap);
	puts("ok");
	return 0;
}
