// SPDX-License-Identifier: MIT
/*
 * drm_ioctl_permit(): render nodes allow only DRM_RENDER_ALLOW ioctls; on the primary node DRM_AUTH needs an
 * authenticated file (the master, or one the master authenticated with GET_MAGIC/AUTH_MAGIC) and DRM_MASTER
 * the current master, which is the first file to open the primary node while it has none.
 * GEM_FLINK is DRM_AUTH, AUTH_MAGIC is DRM_MASTER, MODE_CREATE_DUMB and GET_MAGIC are neither.
 */
#include <errno.h>
#include <unistd.h>
#include "conformance.h"

static void render_flink(const struct ctx *c, char *obs, size_t n)
{
	struct drm_gem_flink arg = { .handle = 1 };

	answer_of(c->render, obs, n, DRM_IOCTL_GEM_FLINK, &arg);
}

static void render_open(const struct ctx *c, char *obs, size_t n)
{
	struct drm_gem_open arg = { .name = 1 };

	answer_of(c->render, obs, n, DRM_IOCTL_GEM_OPEN, &arg);
}

static void render_dumb(const struct ctx *c, char *obs, size_t n)
{
	struct drm_mode_create_dumb arg = { .width = 64, .height = 64, .bpp = 32 };

	answer_of(c->render, obs, n, DRM_IOCTL_MODE_CREATE_DUMB, &arg);
}

static void render_get_magic(const struct ctx *c, char *obs, size_t n)
{
	struct drm_auth arg = { 0 };

	answer_of(c->render, obs, n, DRM_IOCTL_GET_MAGIC, &arg);
}

/* FLINK of a fresh dumb buffer on fd: "0" or the errno name; SKIP-worthy failures are the caller's. */
static const char *flink_fresh(int fd)
{
	struct drm_gem_flink flink = { 0 };

	flink.handle = create_dumb(fd);
	if (!flink.handle)
		return "create failed";
	return result_name(xioctl(fd, DRM_IOCTL_GEM_FLINK, &flink));
}

static void first_is_master(const struct ctx *c, char *obs, size_t n)
{
	int master = open_node(c->primary);

	if (master < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	say(obs, n, "flink=%s", flink_fresh(master));
	close(master);
}

/* FLINK by a second file on the primary node: whether it is authenticated depends on who runs this. */
static void second_file_flink(const struct ctx *c, char *obs, size_t n)
{
	int master = open_node(c->primary);
	int other = open_node(c->primary);

	if (master < 0 || other < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	say(obs, n, "flink=%s", flink_fresh(other));
	close(other);
	close(master);
}

static void second_unauthenticated(const struct ctx *c, char *obs, size_t n)
{
	without_sys_admin(c, obs, n, second_file_flink);
}

static void unprivileged_auth_magic(const struct ctx *c, char *obs, size_t n)
{
	struct drm_auth auth = { 0 };
	int master = open_node(c->primary);
	int other = open_node(c->primary);
	const char *get, *authenticated;

	if (master < 0 || other < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	get = result_name(xioctl(other, DRM_IOCTL_GET_MAGIC, &auth));
	authenticated = result_name(xioctl(master, DRM_IOCTL_AUTH_MAGIC, &auth));
	say(obs, n, "get_magic=%s magic=%s auth=%s flink=%s", get, auth.magic ? "nonzero" : "0", authenticated,
	    flink_fresh(other));
	close(other);
	close(master);
}

static void auth_magic(const struct ctx *c, char *obs, size_t n)
{
	without_sys_admin(c, obs, n, unprivileged_auth_magic);
}

static void auth_by_non_master(const struct ctx *c, char *obs, size_t n)
{
	struct drm_auth auth = { 0 };
	int master = open_node(c->primary);
	int other = open_node(c->primary);

	if (master < 0 || other < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	if (xioctl(other, DRM_IOCTL_GET_MAGIC, &auth))
		SKIP(obs, n, "GET_MAGIC: %s", errno_name(errno));
	say(obs, n, "%s", result_name(xioctl(other, DRM_IOCTL_AUTH_MAGIC, &auth)));
	close(other);
	close(master);
}

static void auth_unknown_magic(const struct ctx *c, char *obs, size_t n)
{
	struct drm_auth auth = { .magic = 0x7ffffff0 };
	int master = open_node(c->primary);

	if (master < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	say(obs, n, "%s", result_name(xioctl(master, DRM_IOCTL_AUTH_MAGIC, &auth)));
	close(master);
}

static void master_close_passes_on(const struct ctx *c, char *obs, size_t n)
{
	int first = open_node(c->primary);
	int next;

	if (first < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	close(first);
	next = open_node(c->primary);
	if (next < 0)
		SKIP(obs, n, "open %s: %s", c->primary, errno_name(errno));
	say(obs, n, "flink=%s", flink_fresh(next));
	close(next);
}

const struct suite_case permission_cases[] = {
	{ "perm.render-flink", "GEM_FLINK is DRM_AUTH without DRM_RENDER_ALLOW: refused on a render node", "EACCES", render_flink },
	{ "perm.render-gem-open", "GEM_OPEN is DRM_AUTH without DRM_RENDER_ALLOW: refused on a render node", "EACCES", render_open },
	{ "perm.render-create-dumb", "MODE_CREATE_DUMB has no DRM_RENDER_ALLOW: refused on a render node", "EACCES", render_dumb },
	{ "perm.render-get-magic", "GET_MAGIC has no DRM_RENDER_ALLOW: refused on a render node", "EACCES", render_get_magic },
	{ "perm.first-is-master", "the first file on the primary node is master and authenticated: GEM_FLINK works", "flink=0", first_is_master },
	{ "perm.root-authenticated", "a file opened with CAP_SYS_ADMIN is authenticated (\"for compatibility\"): GEM_FLINK works", "flink=0", second_file_flink },
	{ "perm.second-unauthenticated", "without CAP_SYS_ADMIN a second file on the primary node is not authenticated: GEM_FLINK is refused",
	  "flink=EACCES", second_unauthenticated },
	{ "perm.auth-magic", "without CAP_SYS_ADMIN, GET_MAGIC then the master's AUTH_MAGIC authenticate a file: GEM_FLINK works",
	  "get_magic=0 magic=nonzero auth=0 flink=0", auth_magic },
	{ "perm.auth-by-non-master", "AUTH_MAGIC is DRM_MASTER: refused to a file that is not master", "EACCES", auth_by_non_master },
	{ "perm.auth-unknown-magic", "AUTH_MAGIC of a magic nobody asked for", "EINVAL", auth_unknown_magic },
	{ "perm.master-close-passes-on", "closing the master lets the next file on the primary node become master", "flink=0", master_close_passes_on },
	{ NULL, NULL, NULL, NULL },
};
