// SPDX-License-Identifier: MIT
/*
 * Dumb buffers (drivers/gpu/drm/drm_dumb_buffers.c and the shmem helper vgem uses): the argument checks
 * without overflow, pitch and size, MAP_DUMB's fake offset for mmap(2), DESTROY_DUMB as a handle delete.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "conformance.h"

static void create_with(const struct ctx *c, char *obs, size_t n, struct drm_mode_create_dumb *arg, int verbose)
{
	int fd = open_node(c->primary);
	int rc;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	rc = xioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, arg);
	if (verbose)
		say(obs, n, "rc=%s handle=%u pitch=%u size=%llu", result_name(rc), arg->handle, arg->pitch,
		    (unsigned long long)arg->size);
	else
		say(obs, n, "%s", result_name(rc));
	close(fd);
}

static void create(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_create_dumb arg = { .width = 64, .height = 64, .bpp = 32 };

	create_with(c, obs, n, &arg, 1);
}

static void create_rounds_pages(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_create_dumb arg = { .width = 3, .height = 5, .bpp = 24 };

	create_with(c, obs, n, &arg, 1);
}

static void create_zero_width(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_create_dumb arg = { .width = 0, .height = 64, .bpp = 32 };

	create_with(c, obs, n, &arg, 0);
}

static void create_zero_bpp(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_create_dumb arg = { .width = 64, .height = 64, .bpp = 0 };

	create_with(c, obs, n, &arg, 0);
}

static void create_pitch_overflow(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_create_dumb arg = { .width = 0xffffffffu, .height = 1, .bpp = 32 };

	create_with(c, obs, n, &arg, 0);
}

static void create_size_overflow(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_create_dumb arg = { .width = 0x10000, .height = 0x10000, .bpp = 32 };

	create_with(c, obs, n, &arg, 0);
}

static void create_garbage_outputs(const struct ctx *c, char *obs, size_t n)
{
	/* "Since not all existing userspace is clearing these fields properly we cannot reject IOCTL with garbage
	 * in them": handle, pitch and size are outputs, and what the caller left there is ignored. */
	struct drm_mode_create_dumb arg = { .width = 64, .height = 64, .bpp = 32, .handle = 77, .pitch = 1, .size = 3 };

	create_with(c, obs, n, &arg, 1);
}

static void map_unknown(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_map_dumb arg = { .handle = 0x7fff };
	answer_of(c->primary, obs, n, DRM_IOCTL_MODE_MAP_DUMB, &arg);
}

static void map_and_mmap(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_map_dumb map = { 0 };
	int fd = open_node(c->primary);
	unsigned char *p;
	int zero = 1, back = 1;
	size_t i;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	map.handle = create_dumb(fd);
	if (!map.handle || xioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map))
		SKIP(obs, n, "create and map: %s", errno_name(errno));
	p = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)map.offset);
	if (p == MAP_FAILED)
		SKIP(obs, n, "mmap: %s", errno_name(errno));
	for (i = 0; i < 16384; i++)
		zero &= p[i] == 0;
	memset(p, 0x5a, 16384);
	munmap(p, 16384);
	p = mmap(NULL, 16384, PROT_READ, MAP_SHARED, fd, (off_t)map.offset);
	if (p == MAP_FAILED)
		SKIP(obs, n, "second mmap: %s", errno_name(errno));
	for (i = 0; i < 16384; i++)
		back &= p[i] == 0x5a;
	munmap(p, 16384);
	say(obs, n, "new=%s written=%s", zero ? "zero" : "dirty", back ? "kept" : "lost");
	close(fd);
}

static void destroy_unknown(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_destroy_dumb arg = { .handle = 0x7fff };
	answer_of(c->primary, obs, n, DRM_IOCTL_MODE_DESTROY_DUMB, &arg);
}

static void destroy_deletes_handle(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_destroy_dumb arg = { 0 };
	struct drm_gem_close close_arg = { 0 };
	int fd = open_node(c->primary);
	const char *destroyed;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	arg.handle = close_arg.handle = create_dumb(fd);
	if (!arg.handle)
		SKIP(obs, n, "MODE_CREATE_DUMB: %s", errno_name(errno));
	destroyed = result_name(xioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &arg));
	say(obs, n, "destroy=%s close=%s", destroyed, result_name(xioctl(fd, DRM_IOCTL_GEM_CLOSE, &close_arg)));
	close(fd);
}

const struct suite_case dumb_cases[] = {
	{ "dumb.create", "64x64 at 32 bpp: pitch 256, size 16384, the file's first handle", "rc=0 handle=1 pitch=256 size=16384", create },
	{ "dumb.create-rounds-pages", "3x5 at 24 bpp: pitch 9, size rounded up to a page", "rc=0 handle=1 pitch=9 size=4096", create_rounds_pages },
	{ "dumb.create-zero-width", "width 0", "EINVAL", create_zero_width },
	{ "dumb.create-zero-bpp", "bpp 0", "EINVAL", create_zero_bpp },
	{ "dumb.create-pitch-overflow", "width x bytes per pixel beyond 32 bits", "EINVAL", create_pitch_overflow },
	{ "dumb.create-size-overflow", "pitch x height beyond 32 bits", "EINVAL", create_size_overflow },
	{ "dumb.create-garbage-outputs", "what the caller left in the output fields is ignored", "rc=0 handle=1 pitch=256 size=16384", create_garbage_outputs },
	{ "dumb.map-unknown", "MAP_DUMB of a handle the file does not hold (a lookup: ENOENT)", "ENOENT", map_unknown },
	{ "dumb.map-mmap", "MAP_DUMB's offset maps the object: new objects read zero, writes persist", "new=zero written=kept", map_and_mmap },
	{ "dumb.destroy-unknown", "DESTROY_DUMB of a handle the file does not hold (a handle delete: EINVAL)", "EINVAL", destroy_unknown },
	{ "dumb.destroy-deletes-handle", "DESTROY_DUMB deletes the handle", "destroy=0 close=EINVAL", destroy_deletes_handle },
	{ NULL, NULL, NULL, NULL },
};
