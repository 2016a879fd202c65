/* SPDX-License-Identifier: MIT */
/*
 * abikit_alloc.h - AbiKit reference allocator: a DRM-driver-style buffer-object
 *	ABI designed by the kernel's ioctl rules
 *	(Documentation/process/botching-up-ioctls.rst), implemented by
 *	AbiKit's reference device on real memory.
 * Objects are byte arrays of whole pages, named by per-client handles (one
 * namespace per open file; no global names). Rules common to every ioctl: a
 * handle this client does not hold gives ENOENT, except CLOSE, which gives
 * EINVAL as DRM_IOCTL_GEM_CLOSE does; a non-zero reserved field or an unknown
 * flag bit gives EINVAL; an unknown enum value gives EINVAL; ranges are checked
 * as offset >= object size or size > object size - offset, never by computing
 * offset + size; output fields are written back even when the ioctl fails, and
 * their contents are then undefined. Structs grow only by appending fields,
 * each with a zero meaning the old behaviour, and new flags are discoverable
 * with GET_PARAM.
 *
 * Generated from abikit-alloc.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate` (in this repository:
 * `dotnet cake --target=Generate`).
 */
#ifndef ABIKIT_ALLOC_H
#define ABIKIT_ALLOC_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include "drm_core.h"

#if defined(__cplusplus)
extern "C" {
#endif

/*
 * enum abikit_caching: CPU caching of an object's mappings, fixed at creation.
 */
/*
 * Write-back cached CPU mappings, coherent with the device (snooped, as
 * LLC-sharing integrated GPUs are): device writes are visible to the CPU and
 * CPU writes to the device without cache maintenance. CPU_ACCESS_BEGIN/END
 * still order CPU access against queued device work.
 */
#define ABIKIT_CACHING_CACHED 0
/*
 * Write-combined CPU mappings, not coherent with the device: CPU writes sit in
 * write buffers until CPU_ACCESS_END with ABIKIT_ACCESS_WRITE flushes them to
 * the device, and device writes become visible to the CPU only after
 * CPU_ACCESS_BEGIN with ABIKIT_ACCESS_READ. Without the brackets the CPU sees
 * stale data and the device misses CPU writes.
 */
#define ABIKIT_CACHING_WRITE_COMBINED 1
/*
 * Uncached CPU mappings of memory the device caches on its side, not coherent
 * with the device: like WRITE_COMBINED, device writes reach the CPU only
 * through CPU_ACCESS_BEGIN with ABIKIT_ACCESS_READ and CPU writes reach the
 * device only through CPU_ACCESS_END with ABIKIT_ACCESS_WRITE.
 */
#define ABIKIT_CACHING_UNCACHED 2

/* enum abikit_madv: Backing-store advice for MADVISE. */
/*
 * The contents are needed: the object must not be purged. The default for new
 * objects.
 */
#define ABIKIT_MADV_WILLNEED 0
/*
 * The contents are not needed: the device may discard the object's memory at
 * any time while the object is not pinned.
 */
#define ABIKIT_MADV_DONTNEED 1

/* enum abikit_param: Device parameters readable with GET_PARAM. */
/*
 * Page size in bytes: the granularity of object sizes and the alignment USERPTR
 * requires of user_ptr and user_size.
 */
#define ABIKIT_PARAM_PAGE_SIZE 1
/* Largest object size in bytes that CREATE and USERPTR accept. */
#define ABIKIT_PARAM_MAX_OBJECT_SIZE 2
/*
 * Number of bytes this client may have pinned at once, counting PIN'd objects
 * and USERPTR objects (the device's analogue of RLIMIT_MEMLOCK).
 */
#define ABIKIT_PARAM_PIN_LIMIT 3
/*
 * 1 if USERPTR (with ABIKIT_USERPTR_READ_ONLY and ABIKIT_USERPTR_PROBE) is
 * supported, else 0.
 */
#define ABIKIT_PARAM_HAS_USERPTR 4
/* 1 if EXPORT and IMPORT are supported, else 0. */
#define ABIKIT_PARAM_HAS_EXPORT 5

/* enum abikit_op: Commands of the device engine (DRM_IOCTL_ABIKIT_SUBMIT). */
/* Write the low byte of value to size bytes of dst_handle at dst_offset. */
#define ABIKIT_OP_FILL 1
/*
 * Copy size bytes from src_handle at src_offset to dst_handle at dst_offset
 * (the ranges of one object must not overlap).
 */
#define ABIKIT_OP_COPY 2
/*
 * Compute the 64-bit FNV-1a hash of size bytes of src_handle at src_offset and
 * store it little-endian in 8 bytes of dst_handle at dst_offset.
 */
#define ABIKIT_OP_CHECKSUM 3

/* flags abikit_create_flags: Flags of CREATE. */
/*
 * The CPU will access the object (mapping, PREAD, PWRITE): place it in
 * CPU-visible memory. A placement hint for devices with memory the CPU cannot
 * see; the reference device keeps every object CPU-visible and accepts the flag
 * without further effect.
 */
#define ABIKIT_CREATE_CPU_ACCESS (1 << 0)
/* All flags this ABI version knows; others are rejected with EINVAL. */
#define ABIKIT_CREATE_FLAGS_MASK (ABIKIT_CREATE_CPU_ACCESS)

/*
 * flags abikit_access_flags: Direction of a CPU access window (CPU_ACCESS_BEGIN
 * / CPU_ACCESS_END).
 */
/* The CPU reads the object. */
#define ABIKIT_ACCESS_READ (1 << 0)
/* The CPU writes the object. */
#define ABIKIT_ACCESS_WRITE (1 << 1)
/* All flags this ABI version knows; others are rejected with EINVAL. */
#define ABIKIT_ACCESS_FLAGS_MASK (ABIKIT_ACCESS_READ | ABIKIT_ACCESS_WRITE)

/* flags abikit_wait_flags: Flags of WAIT. */
/*
 * timeout_ns is an absolute CLOCK_MONOTONIC deadline in nanoseconds rather than
 * a relative timeout, and is not updated on return. Restarting an interrupted
 * call then cannot extend the wait.
 */
#define ABIKIT_WAIT_ABSOLUTE (1 << 0)
/* All flags this ABI version knows; others are rejected with EINVAL. */
#define ABIKIT_WAIT_FLAGS_MASK (ABIKIT_WAIT_ABSOLUTE)

/* flags abikit_userptr_flags: Flags of USERPTR. */
/*
 * The device only reads the memory, which may be mapped read-only: a SUBMIT
 * that would write the object gives EPERM and leaves the memory unchanged.
 */
#define ABIKIT_USERPTR_READ_ONLY (1 << 0)
/*
 * Also check that the range is ordinary process memory and not a mapping of a
 * device object (from MMAP_OFFSET): EFAULT otherwise.
 */
#define ABIKIT_USERPTR_PROBE (1 << 1)
/* All flags this ABI version knows; others are rejected with EINVAL. */
#define ABIKIT_USERPTR_FLAGS_MASK \
	(ABIKIT_USERPTR_READ_ONLY | ABIKIT_USERPTR_PROBE)

/**
 * struct drm_abikit_create - Argument of DRM_IOCTL_ABIKIT_CREATE.
 * @size: In: requested size in bytes, non-zero. Out: the allocated size,
 *	rounded up to a multiple of ABIKIT_PARAM_PAGE_SIZE. (in/out)
 * @caching: CPU caching of the object's mappings. Type: abikit_caching.
 * @flags: ABIKIT_CREATE_* flags. Type: abikit_create_flags.
 * @handle: Handle of the new object. (out) Type: abikit_bo_handle.
 * @pad: Padding to a multiple of 8 bytes; must be zero.
 */
struct drm_abikit_create {
	__u64 size;
	__u32 caching;
	__u32 flags;
	__u32 handle;
	__u32 pad;
};

/**
 * struct drm_abikit_close - Argument of DRM_IOCTL_ABIKIT_CLOSE.
 * @handle: Handle to release. Type: abikit_bo_handle.
 * @pad: Must be zero.
 */
struct drm_abikit_close {
	__u32 handle;
	__u32 pad;
};

/**
 * struct drm_abikit_pread - Argument of DRM_IOCTL_ABIKIT_PREAD.
 * @handle: Object to read from. Type: abikit_bo_handle.
 * @pad: Must be zero.
 * @offset: Byte offset in the object to read from.
 * @size: Number of bytes to read.
 * @data_ptr: User buffer of size bytes that receives the data. On error its
 *	contents are undefined.
 */
struct drm_abikit_pread {
	__u32 handle;
	__u32 pad;
	__u64 offset;
	__u64 size;
	__u64 data_ptr;
};

/**
 * struct drm_abikit_pwrite - Argument of DRM_IOCTL_ABIKIT_PWRITE.
 * @handle: Object to write to. Type: abikit_bo_handle.
 * @pad: Must be zero.
 * @offset: Byte offset in the object to write to.
 * @size: Number of bytes to write.
 * @data_ptr: User buffer of size bytes holding the data.
 */
struct drm_abikit_pwrite {
	__u32 handle;
	__u32 pad;
	__u64 offset;
	__u64 size;
	__u64 data_ptr;
};

/**
 * struct drm_abikit_mmap_offset - Argument of DRM_IOCTL_ABIKIT_MMAP_OFFSET.
 * @handle: Object to map. Type: abikit_bo_handle.
 * @flags: No flags are defined yet; must be zero. Reserved so that mapping
 *	options can be added without a new ioctl.
 * @offset: Page-aligned fake offset to pass to mmap(2) on the device file (or
 *	to the runtime's map call) to map the whole object or a prefix of it.
 *	Stable for the object's lifetime in this client. (out)
 */
struct drm_abikit_mmap_offset {
	__u32 handle;
	__u32 flags;
	__u64 offset;
};

/**
 * struct drm_abikit_cpu_access - Argument of DRM_IOCTL_ABIKIT_CPU_ACCESS_BEGIN
 *	and DRM_IOCTL_ABIKIT_CPU_ACCESS_END.
 * @handle: Object whose mapping the CPU accesses. Type: abikit_bo_handle.
 * @flags: Direction of the access: ABIKIT_ACCESS_READ, ABIKIT_ACCESS_WRITE or
 *	both; at least one. END takes the same flags as the matching BEGIN.
 *	Type: abikit_access_flags.
 */
struct drm_abikit_cpu_access {
	__u32 handle;
	__u32 flags;
};

/**
 * struct drm_abikit_pin - Argument of DRM_IOCTL_ABIKIT_PIN and
 *	DRM_IOCTL_ABIKIT_UNPIN.
 * @handle: Object to pin or unpin. Type: abikit_bo_handle.
 * @pad: Must be zero.
 */
struct drm_abikit_pin {
	__u32 handle;
	__u32 pad;
};

/**
 * struct drm_abikit_madvise - Argument of DRM_IOCTL_ABIKIT_MADVISE.
 * @handle: Object to advise on. Type: abikit_bo_handle.
 * @advice: New advice for the object's memory. Type: abikit_madv.
 * @retained: 1 if the object's contents still exist, 0 if they were discarded
 *	while the object was marked ABIKIT_MADV_DONTNEED. After WILLNEED with
 *	retained == 0 the object reads as zeros and must be re-initialised.
 *	(out)
 */
struct drm_abikit_madvise {
	__u32 handle;
	__u32 advice;
	__u32 retained;
};

/**
 * struct drm_abikit_busy - Argument of DRM_IOCTL_ABIKIT_BUSY.
 * @handle: Object to query. Type: abikit_bo_handle.
 * @busy: 1 if the device engine has queued or running work that reads or writes
 *	the object, 0 if it is idle. A busy object may become idle before the
 *	caller looks at the result; an idle one stays idle until new work is
 *	submitted. (out)
 */
struct drm_abikit_busy {
	__u32 handle;
	__u32 busy;
};

/**
 * struct drm_abikit_wait - Argument of DRM_IOCTL_ABIKIT_WAIT.
 * @handle: Object to wait on. Type: abikit_bo_handle.
 * @flags: ABIKIT_WAIT_* flags. Type: abikit_wait_flags.
 * @timeout_ns: Without ABIKIT_WAIT_ABSOLUTE: relative timeout in nanoseconds;
 *	negative waits forever, 0 only polls. On return (success, ETIME or
 *	interruption) it holds the time remaining, 0 once expired, so a
 *	restarted call continues with what is left, as i915's GEM_WAIT does.
 *	With ABIKIT_WAIT_ABSOLUTE: a CLOCK_MONOTONIC deadline in nanoseconds,
 *	negative for none, left unchanged. (in/out)
 */
struct drm_abikit_wait {
	__u32 handle;
	__u32 flags;
	__s64 timeout_ns;
};

/**
 * struct drm_abikit_get_param - Argument of DRM_IOCTL_ABIKIT_GET_PARAM.
 * @param: Parameter to read. Type: abikit_param.
 * @pad: Must be zero.
 * @value: The parameter's value, in the unit its ABIKIT_PARAM_* documentation
 *	gives. (out)
 */
struct drm_abikit_get_param {
	__u32 param;
	__u32 pad;
	__u64 value;
};

/**
 * struct drm_abikit_userptr - Argument of DRM_IOCTL_ABIKIT_USERPTR.
 * @user_ptr: Start of the user memory to wrap; aligned to
 *	ABIKIT_PARAM_PAGE_SIZE. The memory must stay mapped, and must not be
 *	freed or reused, until the object is destroyed. Managed callers must
 *	pin the memory for that whole time.
 * @user_size: Length of the memory in bytes: non-zero, a multiple of
 *	ABIKIT_PARAM_PAGE_SIZE, at most ABIKIT_PARAM_MAX_OBJECT_SIZE. Also the
 *	object size.
 * @flags: ABIKIT_USERPTR_* flags. Type: abikit_userptr_flags.
 * @handle: Handle of the new object. (out) Type: abikit_bo_handle.
 */
struct drm_abikit_userptr {
	__u64 user_ptr;
	__u64 user_size;
	__u32 flags;
	__u32 handle;
};

/**
 * struct drm_abikit_export - Argument of DRM_IOCTL_ABIKIT_EXPORT.
 * @handle: Object to export. Type: abikit_bo_handle.
 * @flags: No flags are defined yet; must be zero.
 * @token: Export token: 64 random bits from a cryptographically secure
 *	generator, never 0 and never reused by the device. Exporting the same
 *	object again returns the same token. Whoever knows the token can
 *	import the object, so pass it only over a channel that is itself
 *	access-controlled; it is a secret, not a name. (out)
 */
struct drm_abikit_export {
	__u32 handle;
	__u32 flags;
	__u64 token;
};

/**
 * struct drm_abikit_import - Argument of DRM_IOCTL_ABIKIT_IMPORT.
 * @token: Export token returned by EXPORT, possibly in another client.
 * @size: Size of the object in bytes. (out)
 * @handle: Handle of the object in this client. If this client already holds a
 *	handle for the object, that same handle is returned, and one CLOSE
 *	releases it. (out) Type: abikit_bo_handle.
 * @pad: Padding to a multiple of 8 bytes; must be zero.
 */
struct drm_abikit_import {
	__u64 token;
	__u64 size;
	__u32 handle;
	__u32 pad;
};

/**
 * struct drm_abikit_submit - Argument of DRM_IOCTL_ABIKIT_SUBMIT.
 * @op: The command. Type: abikit_op.
 * @pad: Must be zero.
 * @src_handle: Object read by COPY and CHECKSUM; must be 0 for FILL. Type:
 *	abikit_bo_handle.
 * @dst_handle: Object written by every command. Type: abikit_bo_handle.
 * @src_offset: Byte offset in src_handle.
 * @dst_offset: Byte offset in dst_handle.
 * @size: Bytes to fill, copy or hash (CHECKSUM writes 8 bytes at dst_offset).
 * @value: FILL: the byte value in the low 8 bits; otherwise must be zero.
 */
struct drm_abikit_submit {
	__u32 op;
	__u32 pad;
	__u32 src_handle;
	__u32 dst_handle;
	__u64 src_offset;
	__u64 dst_offset;
	__u64 size;
	__u64 value;
};

#define DRM_ABIKIT_CREATE 0x00
#define DRM_ABIKIT_CLOSE 0x01
#define DRM_ABIKIT_PREAD 0x02
#define DRM_ABIKIT_PWRITE 0x03
#define DRM_ABIKIT_MMAP_OFFSET 0x04
#define DRM_ABIKIT_CPU_ACCESS_BEGIN 0x05
#define DRM_ABIKIT_CPU_ACCESS_END 0x06
#define DRM_ABIKIT_PIN 0x07
#define DRM_ABIKIT_UNPIN 0x08
#define DRM_ABIKIT_MADVISE 0x09
#define DRM_ABIKIT_BUSY 0x0a
#define DRM_ABIKIT_WAIT 0x0b
#define DRM_ABIKIT_GET_PARAM 0x0c
#define DRM_ABIKIT_USERPTR 0x0d
#define DRM_ABIKIT_EXPORT 0x0e
#define DRM_ABIKIT_IMPORT 0x0f
#define DRM_ABIKIT_SUBMIT 0x10

/*
 * DRM_IOCTL_ABIKIT_CREATE - Creates an object of size bytes, rounded up to
 *	whole pages and zero-filled, and returns its handle in this client.
 * Errors: EINVAL for size 0, an unknown caching value, unknown flags or a
 * non-zero pad; E2BIG when the rounded size exceeds
 * ABIKIT_PARAM_MAX_OBJECT_SIZE (checked before rounding, so rounding cannot
 * wrap); ENOMEM when memory for the object cannot be allocated.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_ABIKIT_CREATE, struct drm_abikit_create)

/*
 * DRM_IOCTL_ABIKIT_CLOSE - Releases a handle.
 * Pins taken through it are dropped and an open CPU access window ends. The
 * object's memory is freed when no client holds a handle for it; existing
 * mappings keep their pages until unmapped. Errors: EINVAL for a handle this
 * client does not hold (already closed or never valid), as DRM_IOCTL_GEM_CLOSE;
 * EINVAL for a non-zero pad.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_CLOSE \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ABIKIT_CLOSE, struct drm_abikit_close)

/*
 * DRM_IOCTL_ABIKIT_PREAD - Copies size bytes at offset from the object into
 *	data_ptr.
 * Waits for queued device writes to the object first and reads what the device
 * wrote, so it needs no CPU access window. A size of 0 returns 0 before the
 * handle is looked up, without touching memory (as i915). Errors, in i915's
 * order: EFAULT when data_ptr .. data_ptr + size wraps or leaves user space
 * (before the handle is looked up, as access_ok()); ENOENT for an unknown
 * handle; EINVAL for a non-zero pad, or when offset >= object size or size >
 * object size - offset; EFAULT when data_ptr .. data_ptr + size is not writable
 * user memory; EINVAL for a USERPTR object (as i915: its memory is the caller's
 * own); EFAULT when the object was purged (see MADVISE), after the range check.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_PREAD \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ABIKIT_PREAD, struct drm_abikit_pread)

/*
 * DRM_IOCTL_ABIKIT_PWRITE - Copies size bytes from data_ptr into the object at
 *	offset.
 * Waits for queued device work on the object first, and the data is visible to
 * device work submitted afterwards; needs no CPU access window. A size of 0
 * returns 0 before the handle is looked up (as i915). Errors, in i915's order:
 * EFAULT when the source range wraps or leaves user space (before the handle is
 * looked up, as access_ok()); ENOENT for an unknown handle; EINVAL for a
 * non-zero pad or an out-of-range offset/size (checked as for PREAD); EFAULT
 * when the source range is not readable user memory; EINVAL for a USERPTR
 * object (as i915: its memory is the caller's own); EFAULT when the object was
 * purged (see MADVISE), after the range check.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_PWRITE \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ABIKIT_PWRITE, struct drm_abikit_pwrite)

/*
 * DRM_IOCTL_ABIKIT_MMAP_OFFSET - Returns the fake offset at which the object
 *	can be mapped with mmap(2) on the device file.
 * The mapping uses the object's caching mode; every CPU access through it must
 * lie inside a CPU_ACCESS_BEGIN/CPU_ACCESS_END window. Errors: ENOENT for an
 * unknown handle; EINVAL for non-zero flags; ENODEV for a USERPTR object (as
 * i915's never-mmap objects: its memory is already mapped in the caller).
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_MMAP_OFFSET \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_ABIKIT_MMAP_OFFSET, struct drm_abikit_mmap_offset)

/*
 * DRM_IOCTL_ABIKIT_CPU_ACCESS_BEGIN - Opens a CPU access window on the object's
 *	mapping: waits for queued device work that conflicts with the access
 *	(device writes for READ; all device work for WRITE), then makes device
 *	writes visible to the CPU (for CACHED objects, invalidates CPU
 *	caches).
 * Do not submit device work on the object until CPU_ACCESS_END. The device does
 * not track pairing: an unmatched BEGIN or END is not an ABI error (as with
 * DMA_BUF_IOCTL_SYNC); AbiKit's checked mode and analyzers report it. Errors:
 * ENOENT for an unknown handle; EINVAL for unknown flag bits or neither
 * ABIKIT_ACCESS_READ nor ABIKIT_ACCESS_WRITE; EFAULT when the object was purged
 * (see MADVISE).
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_CPU_ACCESS_BEGIN \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ABIKIT_CPU_ACCESS_BEGIN, struct drm_abikit_cpu_access)

/*
 * DRM_IOCTL_ABIKIT_CPU_ACCESS_END - Closes the CPU access window opened by
 *	CPU_ACCESS_BEGIN with the same flags: makes CPU writes visible to the
 *	device (for CACHED objects, writes back CPU caches; for
 *	WRITE_COMBINED, flushes write buffers).
 * Errors: ENOENT for an unknown handle; EINVAL for unknown flag bits or neither
 * ABIKIT_ACCESS_READ nor ABIKIT_ACCESS_WRITE.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_CPU_ACCESS_END \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ABIKIT_CPU_ACCESS_END, struct drm_abikit_cpu_access)

/*
 * DRM_IOCTL_ABIKIT_PIN - Keeps the object's memory resident: it is neither
 *	purged (see MADVISE) nor moved.
 * Pins nest: each PIN needs one UNPIN, and pins are counted per handle. The
 * object's size is charged against this client's ABIKIT_PARAM_PIN_LIMIT once,
 * while the count goes from 0 to 1; USERPTR objects are charged from creation
 * and PIN only counts. Errors: ENOENT for an unknown handle; EINVAL for a
 * non-zero pad; EFAULT when the object was purged (see MADVISE); ENOMEM when
 * the charge would exceed ABIKIT_PARAM_PIN_LIMIT.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_PIN \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ABIKIT_PIN, struct drm_abikit_pin)

/*
 * DRM_IOCTL_ABIKIT_UNPIN - Drops one pin taken with PIN through this handle;
 *	the charge is released when the count returns to 0.
 * Errors: ENOENT for an unknown handle; EINVAL for a non-zero pad or when the
 * handle holds no pin.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_UNPIN \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ABIKIT_UNPIN, struct drm_abikit_pin)

/*
 * DRM_IOCTL_ABIKIT_MADVISE - Marks the object's memory as needed (WILLNEED) or
 *	purgeable (DONTNEED) and reports in retained whether the contents
 *	still exist.
 * An object gets its pages at its first PREAD, SUBMIT, CPU_ACCESS_BEGIN, PIN or
 * mapping (not at CREATE, PWRITE, EXPORT or IMPORT); DONTNEED on an object
 * without pages purges it at once (retained 0), as i915 truncates it. While
 * DONTNEED, idle, not pinned and outside CPU access windows, the device may
 * purge it at any time under memory pressure. Purging is final: MADVISE on a
 * purged object answers retained 0 and changes nothing (WILLNEED does not
 * revive it); every later PREAD, PWRITE, SUBMIT, CPU_ACCESS_BEGIN, PIN or new
 * mapping of it is EFAULT; mappings made before the purge read zeros (i915
 * raises SIGBUS there); only closing it is left. A client must check retained
 * after WILLNEED. USERPTR objects are never purged. Errors: ENOENT for an
 * unknown handle; EINVAL for an unknown advice value.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_MADVISE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_ABIKIT_MADVISE, struct drm_abikit_madvise)

/*
 * DRM_IOCTL_ABIKIT_BUSY - Reports whether the device engine still has work on
 *	the object, without waiting.
 * Errors: ENOENT for an unknown handle.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_BUSY \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_ABIKIT_BUSY, struct drm_abikit_busy)

/*
 * DRM_IOCTL_ABIKIT_WAIT - Waits until the device engine has no queued or
 *	running work on the object, or the timeout expires.
 * Errors: ENOENT for an unknown handle; EINVAL for unknown flags; ETIME when
 * the object is still busy at the timeout (immediately for a timeout of 0);
 * EINTR when interrupted, with timeout_ns updated so that a retry continues the
 * wait.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_WAIT \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_ABIKIT_WAIT, struct drm_abikit_wait)

/*
 * DRM_IOCTL_ABIKIT_GET_PARAM - Reads a device parameter.
 * The way to discover limits and optional features before using them. Errors:
 * EINVAL for an unknown param or a non-zero pad.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_GET_PARAM \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_ABIKIT_GET_PARAM, struct drm_abikit_get_param)

/*
 * DRM_IOCTL_ABIKIT_USERPTR - Wraps page-aligned user memory in an object
 *	without copying.
 * The object is charged against ABIKIT_PARAM_PIN_LIMIT from creation until it
 * is destroyed; its pages are pinned at creation when they are mapped, else at
 * first use (SUBMIT, CPU_ACCESS_BEGIN), as i915's get_pages. Pinning costs more
 * than a copy for small buffers, and the pinned pages follow the process across
 * fork(2) only if the range is marked MADV_DONTFORK (or the kernel copies
 * pinned pages on fork). CPU access to the memory still needs a
 * CPU_ACCESS_BEGIN/CPU_ACCESS_END window. USERPTR objects cannot be mapped with
 * MMAP_OFFSET or exported. Errors, in i915's check order: ENODEV when
 * ABIKIT_PARAM_HAS_USERPTR is 0; EINVAL for unknown flags; E2BIG when user_size
 * exceeds ABIKIT_PARAM_MAX_OBJECT_SIZE; EINVAL for user_size 0, a user_ptr or
 * user_size not aligned to ABIKIT_PARAM_PAGE_SIZE, or a range that wraps the
 * address space; EFAULT when the range leaves user space (access_ok()); with
 * ABIKIT_USERPTR_PROBE, EFAULT when a page of the range is not mapped, not
 * writable (PROT_WRITE suffices; with ABIKIT_USERPTR_READ_ONLY, not readable)
 * or not ordinary memory (PROT_NONE, a device file or a mapping of another
 * object) - without PROBE the same is EFAULT at first use; ENOMEM when the
 * charge would exceed ABIKIT_PARAM_PIN_LIMIT or the pages cannot be locked.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_USERPTR \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_ABIKIT_USERPTR, struct drm_abikit_userptr)

/*
 * DRM_IOCTL_ABIKIT_EXPORT - Returns an unguessable token with which another
 *	client of the device can IMPORT the object.
 * Unlike DRM_IOCTL_GEM_FLINK names, tokens are 64 random bits and cannot be
 * enumerated. The token stays valid while some client holds a handle for the
 * object. Errors: ENOENT for an unknown handle; EINVAL for non-zero flags or a
 * USERPTR object; ENODEV when ABIKIT_PARAM_HAS_EXPORT is 0.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_EXPORT \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_ABIKIT_EXPORT, struct drm_abikit_export)

/*
 * DRM_IOCTL_ABIKIT_IMPORT - Opens an exported object by its token and returns a
 *	handle for it in this client, with its size.
 * The object's memory is shared: both clients see the same contents and must
 * each bracket CPU access. Errors: ENOENT for an unknown token (including 0) or
 * one whose object was destroyed; EINVAL for a non-zero pad; ENODEV when
 * ABIKIT_PARAM_HAS_EXPORT is 0.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_IMPORT \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_ABIKIT_IMPORT, struct drm_abikit_import)

/*
 * DRM_IOCTL_ABIKIT_SUBMIT - Queues one command on the device engine, which runs
 *	it asynchronously on its own thread against the objects' device-side
 *	memory; BUSY and WAIT observe it.
 * The objects are busy until the command completes. For WRITE_COMBINED and
 * UNCACHED objects the engine's writes reach the CPU mapping only through
 * CPU_ACCESS_BEGIN with ABIKIT_ACCESS_READ, and CPU writes reach the engine
 * only through CPU_ACCESS_END with ABIKIT_ACCESS_WRITE. Submitting work on an
 * object inside a CPU access window is a bug that checked mode reports. Errors:
 * EINVAL for an unknown op, a non-zero pad, a src_handle or value that the op
 * does not use, or a range outside an object (checked as offset >= object size
 * or size > object size - offset); ENOENT for an unknown handle; EPERM when the
 * command would write a USERPTR object created with ABIKIT_USERPTR_READ_ONLY
 * (the engine never writes it; the user's memory is unchanged); EFAULT when a
 * USERPTR object's range is not (or no longer) mapped with the access the
 * command needs, or is not ordinary memory (freeing or unmapping it while the
 * object lives is the caller's bug; checked mode reports it); EFAULT when
 * either object was purged (see MADVISE).
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_ABIKIT_SUBMIT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_ABIKIT_SUBMIT, struct drm_abikit_submit)

#if defined(__cplusplus)
}
#endif

#endif /* ABIKIT_ALLOC_H */
