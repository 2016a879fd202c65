/* SPDX-License-Identifier: MIT */
/*
 * abikit_alloc_validate.h - argument checks of the abikit-alloc ioctls, for the
 *	kernel.
 *
 * Generated from abikit-alloc.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#ifndef ABIKIT_ALLOC_VALIDATE_H
#define ABIKIT_ALLOC_VALIDATE_H

#include <linux/types.h>
#include "abikit_alloc.h"

#ifndef ABIKIT_CREATE_FLAGS_MASK
#define ABIKIT_CREATE_FLAGS_MASK (ABIKIT_CREATE_CPU_ACCESS)
#endif

#ifndef ABIKIT_ACCESS_FLAGS_MASK
#define ABIKIT_ACCESS_FLAGS_MASK (ABIKIT_ACCESS_READ | ABIKIT_ACCESS_WRITE)
#endif

#ifndef ABIKIT_WAIT_FLAGS_MASK
#define ABIKIT_WAIT_FLAGS_MASK (ABIKIT_WAIT_ABSOLUTE)
#endif

#ifndef ABIKIT_USERPTR_FLAGS_MASK
#define ABIKIT_USERPTR_FLAGS_MASK \
	(ABIKIT_USERPTR_READ_ONLY | ABIKIT_USERPTR_PROBE)
#endif

/**
 * abikit_alloc_range_invalid() - whether a byte range leaves an object
 * @offset: first byte of the range
 * @size: length of the range in bytes
 * @limit: size of the object in bytes
 *
 * Never computes @offset + @size, which can wrap: a range is outside the
 * object when it starts at or past its end, or is longer than what is left.
 *
 * Return: true when [@offset, @offset + @size) does not lie in [0, @limit).
 */
static inline bool abikit_alloc_range_invalid(u64 offset, u64 size, u64 limit)
{
	return offset >= limit || size > limit - offset;
}

int abikit_alloc_validate_create(const struct drm_abikit_create *args);
int abikit_alloc_validate_close(const struct drm_abikit_close *args);
int abikit_alloc_validate_pread(const struct drm_abikit_pread *args);
int abikit_alloc_validate_pwrite(const struct drm_abikit_pwrite *args);
int abikit_alloc_validate_mmap_offset(const struct drm_abikit_mmap_offset *args);
int abikit_alloc_validate_cpu_access_begin(const struct drm_abikit_cpu_access *args);
int abikit_alloc_validate_cpu_access_end(const struct drm_abikit_cpu_access *args);
int abikit_alloc_validate_pin(const struct drm_abikit_pin *args);
int abikit_alloc_validate_unpin(const struct drm_abikit_pin *args);
int abikit_alloc_validate_madvise(const struct drm_abikit_madvise *args);
int abikit_alloc_validate_busy(const struct drm_abikit_busy *args);
int abikit_alloc_validate_wait(const struct drm_abikit_wait *args);
int abikit_alloc_validate_get_param(const struct drm_abikit_get_param *args);
int abikit_alloc_validate_userptr(const struct drm_abikit_userptr *args);
int abikit_alloc_validate_export(const struct drm_abikit_export *args);
int abikit_alloc_validate_import(const struct drm_abikit_import *args);
int abikit_alloc_validate_submit(const struct drm_abikit_submit *args);

#endif /* ABIKIT_ALLOC_VALIDATE_H */
