/* SPDX-License-Identifier: MIT */
/*
 * drm_core.h - DRM core GEM object ioctls shared by every DRM driver: closing a
 *	GEM handle, legacy global names (flink), and PRIME sharing through
 *	dma-buf file descriptors.
 * Re-describes the subset of libdrm's drm.h that buffer allocators need;
 * structs match the kernel byte for byte on every Linux ABI AbiKit lays out
 * (x86_64, i386, x32, aarch64, arm, riscv64, ppc64le, s390x, m68k).
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
#define DRM_CLOEXEC 0x80000
/*
 * O_RDWR: the dma-buf may be mapped writable with mmap(2). Without it the
 * exported descriptor is read-only.
 */
#define DRM_RDWR 0x2
/* All flags this ABI version knows; others are rejected with EINVAL. */
#define DRM_PRIME_FLAGS_MASK (DRM_CLOEXEC | DRM_RDWR)

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

#if defined(__cplusplus)
}
#endif

#endif /* ABIKIT_DRM_CORE_H */
