/* SPDX-License-Identifier: MIT */
/*
 * drm_core.h - DRM core ioctls shared by every DRM driver that buffer
 *	allocators and their clients need: the capability query,
 *	authentication of primary-node clients (GET_MAGIC, AUTH_MAGIC),
 *	closing a GEM handle, legacy global names (flink), PRIME sharing
 *	through dma-buf file descriptors, and dumb buffers (the
 *	driver-independent way to create a mappable object).
 * Re-describes that subset of libdrm's drm.h and drm_mode.h; structs match the
 * kernel byte for byte on every Linux ABI AbiKit lays out (x86_64, i386, x32,
 * aarch64, arm, riscv64, ppc64le, s390x, m68k), and the answers of AbiKit's
 * dispatch and reference device are compared with Linux's (vgem, in qemu) by
 * the conformance suite; where they differ on purpose, the ioctl says so in
 * linuxDifferences.
 *
 * Generated from drm-core.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate` (in this repository:
 * `dotnet cake --target=Generate`).
 */
#ifndef ABIKIT_DRM_CORE_H
#define ABIKIT_DRM_CORE_H

#include <linux/types.h>
#include <linux/ioctl.h>

#if defined(__cplusplus)
extern "C" {
#endif

#ifndef DRM_IOCTL_BASE
#define DRM_IOCTL_BASE			'd'
#define DRM_IO(nr)			_IO(DRM_IOCTL_BASE, nr)
#define DRM_IOR(nr, type)		_IOR(DRM_IOCTL_BASE, nr, type)
#define DRM_IOW(nr, type)		_IOW(DRM_IOCTL_BASE, nr, type)
#define DRM_IOWR(nr, type)		_IOWR(DRM_IOCTL_BASE, nr, type)
#endif

/* Driver-private ioctls use numbers DRM_COMMAND_BASE to DRM_COMMAND_END - 1. */
#ifndef DRM_COMMAND_BASE
#define DRM_COMMAND_BASE		0x40
#define DRM_COMMAND_END			0xA0
#endif

/*
 * flags drm_prime_flags: File flags for the dma-buf file descriptor created by
 * DRM_IOCTL_PRIME_HANDLE_TO_FD.
 */
/*
 * O_CLOEXEC (octal 02000000): the new descriptor is closed on execve(2). Always
 * set it unless the descriptor is meant to be inherited.
 */
#define DRM_CLOEXEC 02000000
/*
 * O_RDWR: the dma-buf may be mapped writable with mmap(2). Without it the
 * exported descriptor is read-only.
 */
#define DRM_RDWR 0x2
/* All flags this ABI version knows; others are rejected with EINVAL. */
#define DRM_PRIME_FLAGS_MASK (DRM_CLOEXEC | DRM_RDWR)

/**
 * struct drm_auth - Argument of DRM_IOCTL_GET_MAGIC and DRM_IOCTL_AUTH_MAGIC.
 * @magic: GET_MAGIC: the caller's authentication token (out, nonzero).
 *	AUTH_MAGIC: the token of the file the master authenticates (in).
 *	(in/out)
 */
struct drm_auth {
	__u32 magic;
};

/**
 * struct drm_get_cap - Argument of DRM_IOCTL_GET_CAP.
 * @capability: The DRM_CAP_* value asked for: DRM_CAP_DUMB_BUFFER 0x1,
 *	DRM_CAP_PRIME 0x5, DRM_CAP_TIMESTAMP_MONOTONIC 0x6, DRM_CAP_SYNCOBJ
 *	0x13, DRM_CAP_SYNCOBJ_TIMELINE 0x14, ...
 * @value: The answer; zeroed before the capability is looked at, so it is 0
 *	after an error too. (out)
 */
struct drm_get_cap {
	__u64 capability;
	__u64 value;
};

/**
 * struct drm_gem_close - Argument of DRM_IOCTL_GEM_CLOSE.
 * @handle: Handle of the object to be closed. Type: gem_handle.
 * @pad: Padding; must be zero.
 */
struct drm_gem_close {
	__u32 handle;
	__u32 pad;
};

/**
 * struct drm_gem_flink - Argument of DRM_IOCTL_GEM_FLINK.
 * @handle: Handle for the object being named. Type: gem_handle.
 * @name: Returned global name. Flinking the same object again returns the same
 *	name. (out) Type: gem_name.
 */
struct drm_gem_flink {
	__u32 handle;
	__u32 name;
};

/**
 * struct drm_gem_open - Argument of DRM_IOCTL_GEM_OPEN.
 * @name: Global name of the object being opened. Type: gem_name.
 * @handle: Returned handle for the object, new in the calling file. (out) Type:
 *	gem_handle.
 * @size: Returned size of the object in bytes. (out)
 */
struct drm_gem_open {
	__u32 name;
	__u32 handle;
	__u64 size;
};

/**
 * struct drm_prime_handle - Argument of DRM_IOCTL_PRIME_HANDLE_TO_FD and
 *	DRM_IOCTL_PRIME_FD_TO_HANDLE.
 * @handle: HANDLE_TO_FD: the object to export (in). FD_TO_HANDLE: the returned
 *	handle (out); importing a buffer this file already has a handle for
 *	returns that same handle. (in/out) Type: gem_handle.
 * @flags: Only applicable for handle to fd: DRM_CLOEXEC and/or DRM_RDWR for the
 *	new descriptor. Ignored by FD_TO_HANDLE. Type: drm_prime_flags.
 * @fd: HANDLE_TO_FD: the returned dma-buf file descriptor (out). FD_TO_HANDLE:
 *	the dma-buf file descriptor to import (in). (in/out) Type: prime_fd.
 *
 * One struct serves both directions, so handle and fd are both marked inout:
 * HANDLE_TO_FD reads handle and flags and returns fd; FD_TO_HANDLE reads fd and
 * returns handle.
 */
struct drm_prime_handle {
	__u32 handle;
	__u32 flags;
	__s32 fd;
};

/**
 * struct drm_mode_create_dumb - Argument of DRM_IOCTL_MODE_CREATE_DUMB.
 * @height: Height in pixels; nonzero.
 * @width: Width in pixels; nonzero.
 * @bpp: Bits per pixel; nonzero. Bytes per pixel are bpp rounded up to whole
 *	bytes.
 * @flags: No flags are defined; must be zero (Linux does not check it).
 * @handle: Returned handle of the new object. What the caller leaves here is
 *	ignored. (out) Type: gem_handle.
 * @pitch: Returned bytes per row: width times bytes per pixel. What the caller
 *	leaves here is ignored. (out)
 * @size: Returned size in bytes: pitch times height, rounded up to whole pages.
 *	What the caller leaves here is ignored. (out)
 */
struct drm_mode_create_dumb {
	__u32 height;
	__u32 width;
	__u32 bpp;
	__u32 flags;
	__u32 handle;
	__u32 pitch;
	__u64 size;
};

/**
 * struct drm_mode_map_dumb - Argument of DRM_IOCTL_MODE_MAP_DUMB.
 * @handle: The dumb buffer to map. Type: gem_handle.
 * @pad: Padding; must be zero.
 * @offset: Returned fake offset to pass to mmap(2) on the same file. (out)
 */
struct drm_mode_map_dumb {
	__u32 handle;
	__u32 pad;
	__u64 offset;
};

/**
 * struct drm_mode_destroy_dumb - Argument of DRM_IOCTL_MODE_DESTROY_DUMB.
 * @handle: The handle to delete. Type: gem_handle.
 */
struct drm_mode_destroy_dumb {
	__u32 handle;
};

/*
 * DRM_IOCTL_GET_MAGIC - Returns the caller's authentication token, which the
 *	master passes to DRM_IOCTL_AUTH_MAGIC to authenticate this file (a
 *	primary-node client that is neither master nor opened with
 *	CAP_SYS_ADMIN is not authenticated, so DRM_AUTH ioctls refuse it).
 * The same file always gets the same token. Not available on render nodes
 * (render clients need no authentication). Errors: EACCES on a render node.
 */
#define DRM_IOCTL_GET_MAGIC DRM_IOR(0x02, struct drm_auth)

/*
 * DRM_IOCTL_GEM_CLOSE - Releases a GEM handle.
 * The object itself is freed when its last handle, mapping and dma-buf
 * reference are gone. Errors: EINVAL if the handle does not exist in this file
 * (unlike lookups in other ioctls, which return ENOENT).
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_GEM_CLOSE DRM_IOW(0x09, struct drm_gem_close)

/*
 * DRM_IOCTL_GEM_FLINK - Gives an object a device-global name that other clients
 *	can open with DRM_IOCTL_GEM_OPEN.
 * Legacy: names are guessable and unprotected; use
 * DRM_IOCTL_PRIME_HANDLE_TO_FD. Not available on render nodes. Errors: ENOENT
 * for an unknown or concurrently closed handle, EACCES on a render node or
 * without authentication.
 * Permissions: DRM_AUTH.
 */
#define DRM_IOCTL_GEM_FLINK DRM_IOWR(0x0a, struct drm_gem_flink)

/*
 * DRM_IOCTL_GEM_OPEN - Opens an object by its global flink name, creating a new
 *	handle in the calling file.
 * There is no ownership check: any authenticated client can open any name.
 * Legacy: use DRM_IOCTL_PRIME_FD_TO_HANDLE. Errors: ENOENT for an unknown name,
 * EACCES on a render node or without authentication.
 * Permissions: DRM_AUTH.
 */
#define DRM_IOCTL_GEM_OPEN DRM_IOWR(0x0b, struct drm_gem_open)

/*
 * DRM_IOCTL_GET_CAP - Asks the driver about a capability.
 * Capabilities every driver answers: DRM_CAP_TIMESTAMP_MONOTONIC,
 * DRM_CAP_PRIME, DRM_CAP_SYNCOBJ, DRM_CAP_SYNCOBJ_TIMELINE. Errors: EOPNOTSUPP
 * for any other capability on a driver without modesetting (such as vgem and
 * AbiKit's reference device), EINVAL for an unknown one on a modesetting
 * driver.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_GET_CAP DRM_IOWR(0x0c, struct drm_get_cap)

/*
 * DRM_IOCTL_AUTH_MAGIC - The master authenticates the file that got magic from
 *	DRM_IOCTL_GET_MAGIC; the token is used up.
 * Errors: EINVAL for a token this master never handed out (or already used),
 * EACCES for a caller that is not the current master.
 * Permissions: DRM_MASTER.
 */
#define DRM_IOCTL_AUTH_MAGIC DRM_IOW(0x11, struct drm_auth)

/*
 * DRM_IOCTL_PRIME_HANDLE_TO_FD - Exports an object as a dma-buf file
 *	descriptor.
 * The descriptor is the preferred way to share a buffer between processes and
 * devices; pass DRM_CLOEXEC. Support is advertised by DRM_CAP_PRIME
 * (DRM_PRIME_CAP_EXPORT). Errors: EINVAL for unknown flag bits, ENOENT for an
 * unknown handle, EMFILE when the process is out of descriptors.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_PRIME_HANDLE_TO_FD DRM_IOWR(0x2d, struct drm_prime_handle)

/*
 * DRM_IOCTL_PRIME_FD_TO_HANDLE - Imports a dma-buf file descriptor as a GEM
 *	object of the calling file and returns its handle.
 * The descriptor stays open and owned by the caller. Support is advertised by
 * DRM_CAP_PRIME (DRM_PRIME_CAP_IMPORT). Errors: EBADF if fd is not an open
 * descriptor, EINVAL if it is not a dma-buf.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_PRIME_FD_TO_HANDLE DRM_IOWR(0x2e, struct drm_prime_handle)

/*
 * DRM_IOCTL_MODE_CREATE_DUMB - Creates a dumb buffer: a linear, CPU-mappable
 *	object of height rows of width pixels of bpp bits, without
 *	driver-specific parameters.
 * Primary nodes only. Errors: EINVAL for a zero width, height or bpp, or when
 * pitch or size does not fit in 32 bits (checked without overflow), EACCES on a
 * render node, ENOMEM.
 */
#define DRM_IOCTL_MODE_CREATE_DUMB DRM_IOWR(0xb2, struct drm_mode_create_dumb)

/*
 * DRM_IOCTL_MODE_MAP_DUMB - Returns the fake offset at which mmap(2) of this
 *	file maps the dumb buffer.
 * Errors: ENOENT for an unknown handle (a lookup), EINVAL for an imported
 * buffer, EACCES on a render node.
 */
#define DRM_IOCTL_MODE_MAP_DUMB DRM_IOWR(0xb3, struct drm_mode_map_dumb)

/*
 * DRM_IOCTL_MODE_DESTROY_DUMB - Deletes a dumb buffer's handle, as
 *	DRM_IOCTL_GEM_CLOSE does.
 * Errors: EINVAL for an unknown handle, EACCES on a render node.
 */
#define DRM_IOCTL_MODE_DESTROY_DUMB DRM_IOWR(0xb4, struct drm_mode_destroy_dumb)

#if defined(__cplusplus)
}
#endif

#endif /* ABIKIT_DRM_CORE_H */
