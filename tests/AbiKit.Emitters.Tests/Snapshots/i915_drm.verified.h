/* SPDX-License-Identifier: MIT */
/*
 * i915_drm.h - Intel i915 GEM buffer-object ioctls: create, pread/pwrite, mmap
 *	offsets, CPU domain management, purgeable advice, busy/wait, caching
 *	and userptr.
 * Re-describes the allocator subset of libdrm's i915_drm.h; structs match the
 * kernel byte for byte on every Linux ABI AbiKit lays out (x86_64, i386, x32,
 * aarch64, arm, riscv64, ppc64le, s390x, m68k). Several of these ioctls are
 * rejected on discrete GPUs (DG1 and later), which use GEM_CREATE_EXT
 * placements and MMAP_OFFSET with I915_MMAP_OFFSET_FIXED instead.
 *
 * Generated from i915.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate` (in this repository:
 * `dotnet cake --target=Generate`).
 */
#ifndef ABIKIT_I915_DRM_H
#define ABIKIT_I915_DRM_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include "drm_core.h"

#if defined(__cplusplus)
extern "C" {
#endif

/*
 * enum i915_mmap_offset_type: Mapping type requested through
 * drm_i915_gem_mmap_offset.flags.
 */
/*
 * Map through the GTT aperture (write-combined). What
 * DRM_IOCTL_I915_GEM_MMAP_GTT implies.
 */
#define I915_MMAP_OFFSET_GTT 0
/* Write-combined CPU mapping. */
#define I915_MMAP_OFFSET_WC 1
/* Write-back (cached) CPU mapping. */
#define I915_MMAP_OFFSET_WB 2
/* Uncached CPU mapping. */
#define I915_MMAP_OFFSET_UC 3
/*
 * Caching chosen by the object's placement at creation: WB when it can only
 * live in system memory, WC otherwise.
 */
#define I915_MMAP_OFFSET_FIXED 4

/* enum i915_madv: Backing-store advice for DRM_IOCTL_I915_GEM_MADVISE. */
/* The contents will be needed again: the object must not be purged. */
#define I915_MADV_WILLNEED 0
/*
 * The contents are not needed: the kernel may discard the backing pages under
 * memory pressure (immediately if there are none).
 */
#define I915_MADV_DONTNEED 1

/*
 * enum i915_caching: GTT caching level of an object
 * (DRM_IOCTL_I915_GEM_SET_CACHING / GET_CACHING).
 */
/*
 * GPU access is not coherent with CPU caches; manual flushing may be needed.
 * Default on machines without an LLC.
 */
#define I915_CACHING_NONE 0
/*
 * GPU access is coherent with CPU caches, and data is cached in the last-level
 * cache shared by CPU and GPU.
 */
#define I915_CACHING_CACHED 1
/*
 * Coherent with the scanout engines; falls back to I915_CACHING_NONE where no
 * special mode exists. Set automatically for scanout buffers; setting it early
 * avoids a stall and clflush on the first frame.
 */
#define I915_CACHING_DISPLAY 2

/* flags i915_gem_domain: Cache domains of an object. */
/* CPU cache domain. */
#define I915_GEM_DOMAIN_CPU 0x00000001
/* Render cache (GPU domain). */
#define I915_GEM_DOMAIN_RENDER 0x00000002
/* Sampler cache (GPU domain). */
#define I915_GEM_DOMAIN_SAMPLER 0x00000004
/* Command queue (GPU domain). */
#define I915_GEM_DOMAIN_COMMAND 0x00000008
/* Instruction cache (GPU domain). */
#define I915_GEM_DOMAIN_INSTRUCTION 0x00000010
/* Vertex cache (GPU domain). */
#define I915_GEM_DOMAIN_VERTEX 0x00000020
/* Mappable aperture domain (GTT mmap). */
#define I915_GEM_DOMAIN_GTT 0x00000040
/* Uncached write-combined domain (WC mmap). */
#define I915_GEM_DOMAIN_WC 0x00000080
/* All flags this ABI version knows; others are rejected with EINVAL. */
#define I915_GEM_DOMAIN_MASK \
	(I915_GEM_DOMAIN_CPU | I915_GEM_DOMAIN_RENDER | \
	I915_GEM_DOMAIN_SAMPLER | I915_GEM_DOMAIN_COMMAND | \
	I915_GEM_DOMAIN_INSTRUCTION | I915_GEM_DOMAIN_VERTEX | \
	I915_GEM_DOMAIN_GTT | I915_GEM_DOMAIN_WC)

/* flags i915_userptr_flags: Flags of DRM_IOCTL_I915_GEM_USERPTR. */
/*
 * The object is read-only, and GPU access to it is read-only. Only on hardware
 * with read-only GTT access; elsewhere the ioctl fails with ENODEV.
 */
#define I915_USERPTR_READ_ONLY 0x1
/*
 * Check now that user_ptr .. user_ptr + user_size is normal memory (not a hole,
 * not an IO/PFN mapping such as another object's mmap): EFAULT otherwise. Does
 * not populate the pages and does not guarantee the range stays valid.
 * Supported when I915_PARAM_HAS_USERPTR_PROBE is non-zero.
 */
#define I915_USERPTR_PROBE 0x2
/* Not used. Setting it fails with ENODEV. */
#define I915_USERPTR_UNSYNCHRONIZED 0x80000000
/* All flags this ABI version knows; others are rejected with EINVAL. */
#define I915_USERPTR_FLAGS_MASK \
	(I915_USERPTR_READ_ONLY | I915_USERPTR_PROBE | \
	I915_USERPTR_UNSYNCHRONIZED)

/**
 * struct drm_i915_gem_create - Argument of DRM_IOCTL_I915_GEM_CREATE.
 * @size: Requested size of the object in bytes. The page-aligned allocated size
 *	is returned. (in/out)
 * @handle: Returned handle for the object. Object handles are nonzero. (out)
 *	Type: gem_handle.
 * @pad: Padding; must be zero.
 */
struct drm_i915_gem_create {
	__u64 size;
	__u32 handle;
	__u32 pad;
};

/**
 * struct drm_i915_gem_pread - Argument of DRM_IOCTL_I915_GEM_PREAD.
 * @handle: Handle for the object being read. Type: gem_handle.
 * @pad: Padding; must be zero.
 * @offset: Offset into the object to read from, in bytes.
 * @size: Length of data to read, in bytes.
 * @data_ptr: User pointer to write the data into, as a fixed-size __u64 for
 *	32/64-bit compatibility. On error its contents are undefined.
 */
struct drm_i915_gem_pread {
	__u32 handle;
	__u32 pad;
	__u64 offset;
	__u64 size;
	__u64 data_ptr;
};

/**
 * struct drm_i915_gem_pwrite - Argument of DRM_IOCTL_I915_GEM_PWRITE.
 * @handle: Handle for the object being written to. Type: gem_handle.
 * @pad: Padding; must be zero.
 * @offset: Offset into the object to write to, in bytes.
 * @size: Length of data to write, in bytes.
 * @data_ptr: User pointer to read the data from, as a fixed-size __u64 for
 *	32/64-bit compatibility.
 */
struct drm_i915_gem_pwrite {
	__u32 handle;
	__u32 pad;
	__u64 offset;
	__u64 size;
	__u64 data_ptr;
};

/**
 * struct drm_i915_gem_mmap_gtt - Argument of DRM_IOCTL_I915_GEM_MMAP_GTT: the
 *	first 16 bytes of drm_i915_gem_mmap_offset.
 * @handle: Handle for the object being mapped. Type: gem_handle.
 * @pad: Padding; must be zero.
 * @offset: Fake offset to use for a subsequent mmap(2) call on the DRM file.
 *	(out)
 */
struct drm_i915_gem_mmap_gtt {
	__u32 handle;
	__u32 pad;
	__u64 offset;
};

/**
 * struct drm_i915_gem_mmap_offset - Argument of DRM_IOCTL_I915_GEM_MMAP_OFFSET:
 *	retrieves a fake offset to mmap(2) the object with the requested
 *	caching.
 * @handle: Handle for the object being mapped. Type: gem_handle.
 * @pad: Must be zero.
 * @offset: The fake offset to use for a subsequent mmap(2) call on the DRM
 *	file. (out)
 * @flags: The mapping type: exactly one I915_MMAP_OFFSET_* value (mandatory; a
 *	value, not a bit set). Type: i915_mmap_offset_type.
 * @extensions: Zero-terminated chain of struct i915_user_extension. No
 *	extensions are defined for this ioctl; must be zero.
 *
 * DRM_IOCTL_I915_GEM_MMAP_GTT is an older alias with the first 16 bytes of this
 * struct; it behaves as extensions = 0 and flags = I915_MMAP_OFFSET_GTT,
 * because the DRM core zero-fills the missing tail.
 */
struct drm_i915_gem_mmap_offset {
	__u32 handle;
	__u32 pad;
	__u64 offset;
	__u64 flags;
	__u64 extensions;
};

/**
 * struct drm_i915_gem_set_domain - Argument of DRM_IOCTL_I915_GEM_SET_DOMAIN:
 *	moves the object into a CPU domain before CPU access, flushing it out
 *	of the previous domain and waiting for the GPU if needed.
 * @handle: Handle for the object. Type: gem_handle.
 * @read_domains: New read domains: I915_GEM_DOMAIN_CPU, _GTT or _WC. Zero makes
 *	the ioctl a no-op. Type: i915_gem_domain.
 * @write_domain: New write domain, or zero for read-only access. A write domain
 *	implies the read domain, and only that one: when non-zero it must
 *	equal read_domains (EINVAL otherwise). Type: i915_gem_domain.
 */
struct drm_i915_gem_set_domain {
	__u32 handle;
	__u32 read_domains;
	__u32 write_domain;
};

/**
 * struct drm_i915_gem_sw_finish - Argument of DRM_IOCTL_I915_GEM_SW_FINISH.
 * @handle: Handle for the object. Type: gem_handle.
 */
struct drm_i915_gem_sw_finish {
	__u32 handle;
};

/**
 * struct drm_i915_gem_madvise - Argument of DRM_IOCTL_I915_GEM_MADVISE.
 * @handle: Handle of the buffer to change the backing store advice. Type:
 *	gem_handle.
 * @madv: Advice: the buffer will be needed again in the near future
 *	(I915_MADV_WILLNEED), or will not be and may be discarded under memory
 *	pressure (I915_MADV_DONTNEED). Type: i915_madv.
 * @retained: Whether the backing store still exists: 0 means the object was
 *	purged and its contents are lost for good (a purged object stays
 *	purged); it must be recreated. (out)
 */
struct drm_i915_gem_madvise {
	__u32 handle;
	__u32 madv;
	__u32 retained;
};

/**
 * struct drm_i915_gem_busy - Argument of DRM_IOCTL_I915_GEM_BUSY.
 * @handle: Handle of the buffer to check for busy. Type: gem_handle.
 * @busy: 0 if the object is idle, non-zero if it is still in flight on the GPU.
 *	Bits 0:15 hold the engine class (plus one) of the last writer; bits
 *	16:31 a bitmask of engine classes reading it. Only the boolean result
 *	is reliable; the engine report is a heuristic. (out)
 */
struct drm_i915_gem_busy {
	__u32 handle;
	__u32 busy;
};

/**
 * struct drm_i915_gem_wait - Argument of DRM_IOCTL_I915_GEM_WAIT.
 * @bo_handle: Handle of the buffer object to wait on. Type: gem_handle.
 * @flags: No flags are defined; must be zero (EINVAL otherwise).
 * @timeout_ns: Relative timeout in nanoseconds: negative waits forever, 0 only
 *	checks (like GEM_BUSY). Returns the time remaining, so a call
 *	restarted after a signal continues with what is left. (in/out)
 */
struct drm_i915_gem_wait {
	__u32 bo_handle;
	__u32 flags;
	__s64 timeout_ns;
};

/**
 * struct drm_i915_gem_caching - Argument of DRM_IOCTL_I915_GEM_SET_CACHING and
 *	DRM_IOCTL_I915_GEM_GET_CACHING.
 * @handle: Handle of the buffer to set or get the caching level of. Type:
 *	gem_handle.
 * @caching: The GTT caching level to apply (SET) or the current level (GET).
 *	(in/out) Type: i915_caching.
 *
 * One struct serves both: caching is read by SET and written by GET, so it is
 * marked inout.
 */
struct drm_i915_gem_caching {
	__u32 handle;
	__u32 caching;
};

/**
 * struct drm_i915_gem_userptr - Argument of DRM_IOCTL_I915_GEM_USERPTR.
 * @user_ptr: The pointer to the allocated memory. Needs to be aligned to
 *	PAGE_SIZE.
 * @user_size: The size in bytes of the memory; also the object size. Needs to
 *	be aligned to PAGE_SIZE and non-zero.
 * @flags: I915_USERPTR_READ_ONLY and/or I915_USERPTR_PROBE. Type:
 *	i915_userptr_flags.
 * @handle: Returned handle for the object. Object handles are nonzero. (out)
 *	Type: gem_handle.
 */
struct drm_i915_gem_userptr {
	__u64 user_ptr;
	__u64 user_size;
	__u32 flags;
	__u32 handle;
};

#define DRM_I915_GEM_BUSY 0x17
#define DRM_I915_GEM_CREATE 0x1b
#define DRM_I915_GEM_PREAD 0x1c
#define DRM_I915_GEM_PWRITE 0x1d
#define DRM_I915_GEM_SET_DOMAIN 0x1f
#define DRM_I915_GEM_SW_FINISH 0x20
#define DRM_I915_GEM_MMAP_GTT 0x24
#define DRM_I915_GEM_MMAP_OFFSET DRM_I915_GEM_MMAP_GTT
#define DRM_I915_GEM_MADVISE 0x26
#define DRM_I915_GEM_WAIT 0x2c
#define DRM_I915_GEM_SET_CACHING 0x2f
#define DRM_I915_GEM_GET_CACHING 0x30
#define DRM_I915_GEM_USERPTR 0x33

/*
 * DRM_IOCTL_I915_GEM_BUSY - Reports whether the GPU still uses the object.
 * Errors: ENOENT for an unknown handle.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_BUSY \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_I915_GEM_BUSY, struct drm_i915_gem_busy)

/*
 * DRM_IOCTL_I915_GEM_CREATE - Creates a shmem-backed GEM object of at least
 *	size bytes (rounded up to pages) and returns its handle.
 * Errors: EINVAL for size 0, E2BIG when too large, ENOMEM.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_I915_GEM_CREATE, struct drm_i915_gem_create)

/*
 * DRM_IOCTL_I915_GEM_PREAD - Copies size bytes at offset from the object into
 *	data_ptr, coherently with GPU writes.
 * A size of 0 succeeds at once, before any other check. Errors: EFAULT for an
 * inaccessible data_ptr, ENOENT for an unknown handle, EINVAL when offset/size
 * fall outside the object (checked as offset >= object size or size > object
 * size - offset, never by computing offset + size) or for userptr objects,
 * EOPNOTSUPP on graphics version 12 and later (except Tiger Lake).
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_PREAD \
	DRM_IOW(DRM_COMMAND_BASE + DRM_I915_GEM_PREAD, struct drm_i915_gem_pread)

/*
 * DRM_IOCTL_I915_GEM_PWRITE - Copies size bytes from data_ptr into the object
 *	at offset.
 * Same checks and errors as GEM_PREAD.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_PWRITE \
	DRM_IOW(DRM_COMMAND_BASE + DRM_I915_GEM_PWRITE, struct drm_i915_gem_pwrite)

/*
 * DRM_IOCTL_I915_GEM_SET_DOMAIN - Prepares the object for CPU access through
 *	the given domain, waiting for the GPU (all access when writing, writes
 *	when reading) and flushing caches.
 * Errors: ENOENT for an unknown handle; EINVAL for a GPU domain or write_domain
 * != read_domains; ENODEV on discrete GPUs.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_SET_DOMAIN \
	DRM_IOW(DRM_COMMAND_BASE + DRM_I915_GEM_SET_DOMAIN, struct drm_i915_gem_set_domain)

/*
 * DRM_IOCTL_I915_GEM_SW_FINISH - Tells the kernel that CPU writes to the object
 *	(through a mapping) are finished, so scanout buffers can be flushed to
 *	the display.
 * Errors: ENOENT for an unknown handle.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_SW_FINISH \
	DRM_IOW(DRM_COMMAND_BASE + DRM_I915_GEM_SW_FINISH, struct drm_i915_gem_sw_finish)

/*
 * DRM_IOCTL_I915_GEM_MMAP_GTT - Older 16-byte form of
 *	DRM_IOCTL_I915_GEM_MMAP_OFFSET on the same number: returns a fake
 *	offset for a GTT (write-combined) mapping.
 * Errors: ENOENT for an unknown handle, ENODEV where the GTT aperture is
 * unavailable.
 * Permissions: DRM_RENDER_ALLOW.
 * Older, shorter form of GEM_MMAP_OFFSET (same number; the kernel zero-extends
 * the argument).
 */
#define DRM_IOCTL_I915_GEM_MMAP_GTT \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_I915_GEM_MMAP_GTT, struct drm_i915_gem_mmap_gtt)

/*
 * DRM_IOCTL_I915_GEM_MMAP_OFFSET - Returns a fake offset to pass to mmap(2) on
 *	the DRM file to map the object with the requested caching.
 * Errors: EINVAL for an unknown flags value or a non-zero extensions chain;
 * ENOENT for an unknown handle; ENODEV when the mapping type is not supported
 * by the device or object.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_MMAP_OFFSET \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_I915_GEM_MMAP_OFFSET, struct drm_i915_gem_mmap_offset)

/*
 * DRM_IOCTL_I915_GEM_MADVISE - Marks the object's backing store as needed or
 *	purgeable and reports whether it still exists.
 * After WILLNEED, check retained: 0 means the contents are gone. Errors: EINVAL
 * for an unknown madv value, ENOENT for an unknown handle.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_MADVISE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_I915_GEM_MADVISE, struct drm_i915_gem_madvise)

/*
 * DRM_IOCTL_I915_GEM_WAIT - Waits until the GPU no longer uses the object or
 *	the timeout expires.
 * The timeout is relative and updated in place with the time remaining (not the
 * absolute timeout the kernel's ioctl guidelines prefer). Errors: EINVAL for
 * non-zero flags, ENOENT for an unknown handle, ETIME if the object is still
 * busy when the timeout expires, ERESTARTSYS/EINTR on a signal.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_WAIT \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_I915_GEM_WAIT, struct drm_i915_gem_wait)

/*
 * DRM_IOCTL_I915_GEM_SET_CACHING - Sets the object's GTT caching level.
 * Errors: EINVAL for an unknown level, ENOENT for an unknown handle, ENODEV on
 * discrete GPUs.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_SET_CACHING \
	DRM_IOW(DRM_COMMAND_BASE + DRM_I915_GEM_SET_CACHING, struct drm_i915_gem_caching)

/*
 * DRM_IOCTL_I915_GEM_GET_CACHING - Returns the object's GTT caching level.
 * Errors: ENOENT for an unknown handle, ENODEV on discrete GPUs.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_GET_CACHING \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_I915_GEM_GET_CACHING, struct drm_i915_gem_caching)

/*
 * DRM_IOCTL_I915_GEM_USERPTR - Wraps page-aligned anonymous user memory in a
 *	GEM object.
 * Pages are pinned lazily and tracked with an MMU notifier; synchronisation
 * with the CPU is left to user space through GEM_SET_DOMAIN. The memory must
 * stay mapped and unfreed while the object exists (malloc may reuse a freed
 * range while the GPU still uses it), and the object can only be used from the
 * creating process. Userptr objects cannot be mmapped, pread, pwritten or
 * exported. Errors, in check order: ENODEV without LLC or snooping; EINVAL for
 * unknown flags; E2BIG for an oversized user_size; EINVAL for user_size 0 or an
 * unaligned user_ptr or user_size; EFAULT for an inaccessible range; ENODEV for
 * UNSYNCHRONIZED, or READ_ONLY without hardware support; EFAULT when PROBE
 * finds a hole or a non-memory mapping.
 * Permissions: DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_I915_GEM_USERPTR \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_I915_GEM_USERPTR, struct drm_i915_gem_userptr)

#if defined(__cplusplus)
}
#endif

#endif /* ABIKIT_I915_DRM_H */
