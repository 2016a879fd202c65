// SPDX-License-Identifier: MIT
/*
 * The DRM core's GEM ioctls (drivers/gpu/drm/drm_gem.c): handles are per open file, nonzero, lowest free
 * first; GEM_CLOSE of a handle the file does not hold is EINVAL (drm_gem_handle_delete) while lookups by
 * other ioctls are ENOENT; flink names are device-global, live while any handle does, and GEM_OPEN makes a
 * new handle each time. Objects come from dumb buffers on the primary node (vgem has no create ioctl).
 */
#include <errno.h>
#include <unistd.h>
#include "conformance.h"

static int gem_close(int fd, uint32_t handle, uint32_t pad)
{
	struct drm_gem_close arg = { .handle = handle, .pad = pad };

	return xioctl(fd, DRM_IOCTL_GEM_CLOSE, &arg);
}

static void close_on_render(const struct ctx *c, char *obs, size_t n, uint32_t handle)
{
	int fd = open_node(c->render);

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->render, errno_name(errno));
	say(obs, n, "%s", result_name(gem_close(fd, handle, 0)));
	close(fd);
}

static void close_unknown(const struct ctx *c, char *obs, size_t n)
{
	close_on_render(c, obs, n, 0x7fff);
}

static void close_zero(const struct ctx *c, char *obs, size_t n)
{
	close_on_render(c, obs, n, 0);
}

static void close_twice(const struct ctx *c, char *obs, size_t n)
{
	int fd = open_node(c->primary);
	uint32_t handle;
	const char *first;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	handle = create_dumb(fd);
	if (!handle)
		SKIP(obs, n, "MODE_CREATE_DUMB: %s", errno_name(errno));
	first = result_name(gem_close(fd, handle, 0));
	say(obs, n, "first=%s second=%s", first, result_name(gem_close(fd, handle, 0)));
	close(fd);
}

static void close_pad(const struct ctx *c, char *obs, size_t n)
{
	int fd = open_node(c->primary);
	uint32_t handle;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	handle = create_dumb(fd);
	if (!handle)
		SKIP(obs, n, "MODE_CREATE_DUMB: %s", errno_name(errno));
	say(obs, n, "%s", result_name(gem_close(fd, handle, 1)));
	close(fd);
}

static void handles_lowest_free(const struct ctx *c, char *obs, size_t n)
{
	int fd = open_node(c->primary);
	uint32_t a, b, d;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	a = create_dumb(fd);
	b = create_dumb(fd);
	gem_close(fd, a, 0);
	d = create_dumb(fd);
	say(obs, n, "handles=%u,%u then %u", a, b, d);
	close(fd);
}

static void handles_per_file(const struct ctx *c, char *obs, size_t n)
{
	int owner = open_node(c->primary);
	int other = open_node(c->primary);
	uint32_t handle;
	const char *by_other;

	if (owner < 0 || other < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	handle = create_dumb(owner);
	if (!handle)
		SKIP(obs, n, "MODE_CREATE_DUMB: %s", errno_name(errno));
	/* One call per statement: the order of a function's arguments is unspecified, and each reads errno. */
	by_other = result_name(gem_close(other, handle, 0));
	say(obs, n, "other=%s owner=%s", by_other, result_name(gem_close(owner, handle, 0)));
	close(other);
	close(owner);
}

static void flink_unknown(const struct ctx *c, char *obs, size_t n)
{
	struct drm_gem_flink arg = { .handle = 0x7fff };
	answer_of(c->primary, obs, n, DRM_IOCTL_GEM_FLINK, &arg);
}

static void flink_same_name(const struct ctx *c, char *obs, size_t n)
{
	struct drm_gem_flink first = { 0 }, again = { 0 };
	int fd = open_node(c->primary);
	int rc;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	first.handle = again.handle = create_dumb(fd);
	if (!first.handle || xioctl(fd, DRM_IOCTL_GEM_FLINK, &first))
		SKIP(obs, n, "create and flink: %s", errno_name(errno));
	rc = xioctl(fd, DRM_IOCTL_GEM_FLINK, &again);
	say(obs, n, "rc=%s name=%s", result_name(rc), again.name == first.name && first.name ? "same" : "different");
	close(fd);
}

static void open_unknown(const struct ctx *c, char *obs, size_t n)
{
	struct drm_gem_open arg = { .name = 0x7ffffff0 };
	answer_of(c->primary, obs, n, DRM_IOCTL_GEM_OPEN, &arg);
}

static void open_new_handle(const struct ctx *c, char *obs, size_t n)
{
	struct drm_gem_flink flink = { 0 };
	struct drm_gem_open op = { 0 };
	int fd = open_node(c->primary);
	int rc;

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	flink.handle = create_dumb(fd);
	if (!flink.handle || xioctl(fd, DRM_IOCTL_GEM_FLINK, &flink))
		SKIP(obs, n, "create and flink: %s", errno_name(errno));
	op.name = flink.name;
	rc = xioctl(fd, DRM_IOCTL_GEM_OPEN, &op);
	say(obs, n, "rc=%s handle=%s size=%llu", result_name(rc),
	    op.handle == flink.handle ? "same" : op.handle ? "new" : "0", (unsigned long long)op.size);
	close(fd);
}

static void name_dies_with_object(const struct ctx *c, char *obs, size_t n)
{
	struct drm_gem_flink flink = { 0 };
	struct drm_gem_open op = { 0 };
	int fd = open_node(c->primary);

	if (fd < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	flink.handle = create_dumb(fd);
	if (!flink.handle || xioctl(fd, DRM_IOCTL_GEM_FLINK, &flink))
		SKIP(obs, n, "create and flink: %s", errno_name(errno));
	gem_close(fd, flink.handle, 0);
	op.name = flink.name;
	say(obs, n, "%s", result_name(xioctl(fd, DRM_IOCTL_GEM_OPEN, &op)));
	close(fd);
}

/* A second primary file the master authenticated; -1 when that failed. */
static int authenticated_file(const struct ctx *c, int master)
{
	struct drm_auth auth = { 0 };
	int fd = open_node(c->primary);

	if (fd < 0)
		return -1;
	if (xioctl(fd, DRM_IOCTL_GET_MAGIC, &auth) || xioctl(master, DRM_IOCTL_AUTH_MAGIC, &auth)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void fd_close_releases(const struct ctx *c, char *obs, size_t n)
{
	struct drm_gem_flink flink = { 0 };
	struct drm_gem_open op = { 0 };
	int master = open_node(c->primary);
	int other;

	if (master < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	other = authenticated_file(c, master);
	if (other < 0)
		SKIP(obs, n, "authenticate a second file: %s", errno_name(errno));
	flink.handle = create_dumb(other);
	if (!flink.handle || xioctl(other, DRM_IOCTL_GEM_FLINK, &flink))
		SKIP(obs, n, "create and flink: %s", errno_name(errno));
	close(other);
	op.name = flink.name;
	say(obs, n, "%s", result_name(xioctl(master, DRM_IOCTL_GEM_OPEN, &op)));
	close(master);
}

static void open_keeps_object(const struct ctx *c, char *obs, size_t n)
{
	struct drm_gem_flink flink = { 0 }, again = { 0 };
	struct drm_gem_open op = { 0 };
	int master = open_node(c->primary);
	int other;
	const char *opened, *flinked;

	if (master < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	other = authenticated_file(c, master);
	if (other < 0)
		SKIP(obs, n, "authenticate a second file: %s", errno_name(errno));
	flink.handle = create_dumb(master);
	if (!flink.handle || xioctl(master, DRM_IOCTL_GEM_FLINK, &flink))
		SKIP(obs, n, "create and flink: %s", errno_name(errno));
	op.name = flink.name;
	opened = result_name(xioctl(other, DRM_IOCTL_GEM_OPEN, &op));
	gem_close(master, flink.handle, 0);
	again.handle = op.handle;
	flinked = result_name(xioctl(other, DRM_IOCTL_GEM_FLINK, &again));
	say(obs, n, "open=%s flink_after_owner_closed=%s name=%s", opened, flinked, again.name == flink.name ? "same" : "different");
	close(other);
	close(master);
}

const struct suite_case gem_cases[] = {
	{ "gem.close-unknown", "GEM_CLOSE of a handle the file does not hold", "EINVAL", close_unknown },
	{ "gem.close-zero", "GEM_CLOSE of handle 0 (handles are nonzero)", "EINVAL", close_zero },
	{ "gem.close-twice", "a second GEM_CLOSE of the same handle", "first=0 second=EINVAL", close_twice },
	{ "gem.close-pad-ignored", "GEM_CLOSE does not check its pad field", "0", close_pad },
	{ "gem.handles-lowest-free", "handles start at 1 and the lowest free one is reused", "handles=1,2 then 1", handles_lowest_free },
	{ "gem.handles-per-file", "a handle is only valid in the file that holds it", "other=EINVAL owner=0", handles_per_file },
	{ "gem.flink-unknown", "GEM_FLINK of a handle the file does not hold", "ENOENT", flink_unknown },
	{ "gem.flink-same-name", "flinking an object again returns the same name", "rc=0 name=same", flink_same_name },
	{ "gem.open-unknown", "GEM_OPEN of a name nobody flinked", "ENOENT", open_unknown },
	{ "gem.open-new-handle", "GEM_OPEN makes a new handle, even in the file that flinked", "rc=0 handle=new size=16384", open_new_handle },
	{ "gem.name-dies-with-object", "a flink name holds no reference: closing the last handle frees it", "ENOENT", name_dies_with_object },
	{ "gem.fd-close-releases", "closing a file releases its handles (and so the objects only it held)", "ENOENT", fd_close_releases },
	{ "gem.open-keeps-object", "a handle from GEM_OPEN keeps the object (and its name) after the creator closes its own",
	  "open=0 flink_after_owner_closed=0 name=same", open_keeps_object },
	{ NULL, NULL, NULL, NULL },
};
