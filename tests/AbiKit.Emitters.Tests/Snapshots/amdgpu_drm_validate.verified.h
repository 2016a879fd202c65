/* SPDX-License-Identifier: MIT */
/*
 * amdgpu_drm_validate.h - argument checks of the amdgpu ioctls, for the kernel.
 *
 * Generated from amdgpu.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#ifndef AMDGPU_DRM_VALIDATE_H
#define AMDGPU_DRM_VALIDATE_H

#include <linux/types.h>
#include "amdgpu_drm.h"

/**
 * amdgpu_range_invalid() - whether a byte range leaves an object
 * @offset: first byte of the range
 * @size: length of the range in bytes
 * @limit: size of the object in bytes
 *
 * Never computes @offset + @size, which can wrap: a range is outside the
 * object when it starts at or past its end, or is longer than what is left.
 *
 * Return: true when [@offset, @offset + @size) does not lie in [0, @limit).
 */
static inline bool amdgpu_range_invalid(u64 offset, u64 size, u64 limit)
{
	return offset >= limit || size > limit - offset;
}

int amdgpu_validate_ctx(const union drm_amdgpu_ctx *args);
int amdgpu_validate_gem_create(const union drm_amdgpu_gem_create *args);
int amdgpu_validate_gem_mmap(const union drm_amdgpu_gem_mmap *args);
int amdgpu_validate_gem_va(const struct drm_amdgpu_gem_va *args);
int amdgpu_validate_gem_wait_idle(const union drm_amdgpu_gem_wait_idle *args);

#endif /* AMDGPU_DRM_VALIDATE_H */
