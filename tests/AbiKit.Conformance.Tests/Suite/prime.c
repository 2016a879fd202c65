// SPDX-License-Identifier: MIT
/*
 * PRIME (drivers/gpu/drm/drm_prime.c) and the dma-buf it exports (drivers/dma-buf/dma-buf.c): HANDLE_TO_FD
 * checks its flags before the handle, FD_TO_HANDLE ignores them and returns the handle the file already holds;
 * DMA_BUF_IOCTL_SYNC validates only its flags and keeps no START/END state.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/dma-buf.h>
#include "conformance.h"

/* Exports a fresh dumb buffer of fd as a dma-buf: its fd, or -1 with errno set; *handle gets the handle. */
static int export_fresh(int fd, uint32_t *handle, uint32_t flags)
{
	struct drm_prime_handle arg = { .flags = flags };

	arg.handle = create_dumb(fd);
	*handle = arg.handle;
	if (!arg.handle)
		return -1;
	if (xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &arg))
		return -1;
	return arg.fd;
}

static void export(const struct ctx *c, char *obs, size_t n)
{
	struct drm_prime_handle arg = { .flags = DRM_CLOEXEC | DRM_RDWR, .fd = -1 };
	int fd = open_node(c->primary);
	int rc, fdflags;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	arg.handle = create_dumb(fd);
	if (!arg.handle)
		SKIP(obs, n, "MODE_CREATE_DUMB: %s", errno_name(errno));
	rc = xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &arg);
	fdflags = arg.fd >= 0 ? fcntl(arg.fd, F_GETFD) : -1;
	say(obs, n, "rc=%s fd=%s cloexec=%s", result_name(rc), arg.fd >= 0 ? "valid" : "none",
	    fdflags >= 0 && (fdflags & FD_CLOEXEC) ? "set" : "clear");
	if (arg.fd >= 0)
		close(arg.fd);
	close(fd);
}

static void export_bad_flags(const struct ctx *c, char *obs, size_t n)
{
	/* An unknown flag bit and an unknown handle: the flags are checked first. */
	struct drm_prime_handle arg = { .handle = 0x7fff, .flags = 0x1 };
	answer_of(c->render, obs, n, DRM_IOCTL_PRIME_HANDLE_TO_FD, &arg);
}

static void export_unknown(const struct ctx *c, char *obs, size_t n)
{
	struct drm_prime_handle arg = { .handle = 0x7fff, .flags = DRM_CLOEXEC };
	answer_of(c->render, obs, n, DRM_IOCTL_PRIME_HANDLE_TO_FD, &arg);
}

static void import_bad_fd(const struct ctx *c, char *obs, size_t n)
{
	struct drm_prime_handle arg = { .fd = -1 };
	answer_of(c->render, obs, n, DRM_IOCTL_PRIME_FD_TO_HANDLE, &arg);
}

static void import_same_file(const struct ctx *c, char *obs, size_t n)
{
	struct drm_prime_handle arg = { 0 };
	int fd = open_node(c->primary);
	uint32_t handle;
	int rc;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	arg.fd = export_fresh(fd, &handle, DRM_CLOEXEC);
	if (arg.fd < 0)
		SKIP(obs, n, "create and export: %s", errno_name(errno));
	arg.flags = 0xdead0000; /* ignored by FD_TO_HANDLE */
	rc = xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &arg);
	say(obs, n, "rc=%s handle=%s", result_name(rc), arg.handle == handle ? "same" : "different");
	close(arg.fd);
	close(fd);
}

static void import_on_render(const struct ctx *c, char *obs, size_t n)
{
	struct drm_prime_handle arg = { 0 };
	struct drm_gem_close close_arg = { 0 };
	int primary = open_node(c->primary);
	int render = open_node(c->render);
	uint32_t handle;
	const char *imported;

	if (primary < 0 || render < 0)
		SKIP(obs, n, "open the nodes: %s", errno_name(errno));
	arg.fd = export_fresh(primary, &handle, DRM_CLOEXEC);
	if (arg.fd < 0)
		SKIP(obs, n, "create and export: %s", errno_name(errno));
	imported = result_name(xioctl(render, DRM_IOCTL_PRIME_FD_TO_HANDLE, &arg));
	close_arg.handle = arg.handle;
	say(obs, n, "import=%s handle=%u close=%s", imported, arg.handle,
	    result_name(xioctl(render, DRM_IOCTL_GEM_CLOSE, &close_arg)));
	close(arg.fd);
	close(render);
	close(primary);
}

/* DMA_BUF_IOCTL_SYNC with flags on a fresh exported buffer. */
static void sync_with(const struct ctx *c, char *obs, size_t n, uint64_t flags)
{
	struct dma_buf_sync sync = { .flags = flags };
	int fd = open_node(c->primary);
	uint32_t handle;
	int dmabuf;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	dmabuf = export_fresh(fd, &handle, DRM_CLOEXEC | DRM_RDWR);
	if (dmabuf < 0)
		SKIP(obs, n, "create and export: %s", errno_name(errno));
	say(obs, n, "%s", result_name(xioctl(dmabuf, DMA_BUF_IOCTL_SYNC, &sync)));
	close(dmabuf);
	close(fd);
}

static void sync_start_read(const struct ctx *c, char *obs, size_t n)
{
	sync_with(c, obs, n, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
}

static void sync_end_unpaired(const struct ctx *c, char *obs, size_t n)
{
	sync_with(c, obs, n, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
}

static void sync_no_direction(const struct ctx *c, char *obs, size_t n)
{
	sync_with(c, obs, n, DMA_BUF_SYNC_START);
}

static void sync_unknown_bit(const struct ctx *c, char *obs, size_t n)
{
	sync_with(c, obs, n, DMA_BUF_SYNC_READ | (1ULL << 3));
}

static void dmabuf_other_ioctl(const struct ctx *c, char *obs, size_t n)
{
	int fd = open_node(c->primary);
	uint32_t handle;
	int dmabuf;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	dmabuf = export_fresh(fd, &handle, DRM_CLOEXEC);
	if (dmabuf < 0)
		SKIP(obs, n, "create and export: %s", errno_name(errno));
	say(obs, n, "%s", result_name(xioctl(dmabuf, _IO(DMA_BUF_BASE, 0x7f), NULL)));
	close(dmabuf);
	close(fd);
}

const struct suite_case prime_cases[] = {
	{ "prime.export", "HANDLE_TO_FD gives a dma-buf descriptor with the flags asked for", "rc=0 fd=valid cloexec=set", export },
	{ "prime.export-bad-flags", "HANDLE_TO_FD checks its flags (CLOEXEC, RDWR) before the handle", "EINVAL", export_bad_flags },
	{ "prime.export-unknown", "HANDLE_TO_FD of a handle the file does not hold", "ENOENT", export_unknown },
	{ "prime.import-bad-fd", "FD_TO_HANDLE of a descriptor that is not open", "EBADF", import_bad_fd },
	{ "prime.import-same-file", "FD_TO_HANDLE in the exporting file returns its handle (and ignores flags)", "rc=0 handle=same", import_same_file },
	{ "prime.import-on-render", "a render node imports a primary node's buffer: its own first handle", "import=0 handle=1 close=0", import_on_render },
	{ "dmabuf.sync-start-read", "SYNC START|READ", "0", sync_start_read },
	{ "dmabuf.sync-end-unpaired", "SYNC END without START: the kernel keeps no pairing state", "0", sync_end_unpaired },
	{ "dmabuf.sync-no-direction", "SYNC with neither READ nor WRITE", "EINVAL", sync_no_direction },
	{ "dmabuf.sync-unknown-bit", "SYNC with a bit outside DMA_BUF_SYNC_VALID_FLAGS_MASK", "EINVAL", sync_unknown_bit },
	{ "dmabuf.other-ioctl", "a request a dma-buf does not know", "ENOTTY", dmabuf_other_ioctl },
	{ NULL, NULL, NULL, NULL },
};
