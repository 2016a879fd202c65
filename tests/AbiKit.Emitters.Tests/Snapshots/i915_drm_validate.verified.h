/* SPDX-License-Identifier: MIT */
/*
 * i915_drm_validate.h - argument checks of the i915 ioctls, for the kernel.
 *
 * Generated from i915.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#ifndef I915_DRM_VALIDATE_H
#define I915_DRM_VALIDATE_H

#include <linux/types.h>
#include "i915_drm.h"

#ifndef I915_GEM_DOMAIN_MASK
#define I915_GEM_DOMAIN_MASK \
	(I915_GEM_DOMAIN_CPU | I915_GEM_DOMAIN_RENDER | \
	I915_GEM_DOMAIN_SAMPLER | I915_GEM_DOMAIN_COMMAND | \
	I915_GEM_DOMAIN_INSTRUCTION | I915_GEM_DOMAIN_VERTEX | \
	I915_GEM_DOMAIN_GTT | I915_GEM_DOMAIN_WC)
#endif

#ifndef I915_USERPTR_FLAGS_MASK
#define I915_USERPTR_FLAGS_MASK \
	(I915_USERPTR_READ_ONLY | I915_USERPTR_PROBE | \
	I915_USERPTR_UNSYNCHRONIZED)
#endif

/**
 * i915_range_invalid() - whether a byte range leaves an object
 * @offset: first byte of the range
 * @size: length of the range in bytes
 * @limit: size of the object in bytes
 *
 * Never computes @offset + @size, which can wrap: a range is outside the
 * object when it starts at or past its end, or is longer than what is left.
 *
 * Return: true when [@offset, @offset + @size) does not lie in [0, @limit).
 */
static inline bool i915_range_invalid(u64 offset, u64 size, u64 limit)
{
	return offset >= limit || size > limit - offset;
}

int i915_validate_gem_busy(const struct drm_i915_gem_busy *args);
int i915_validate_gem_create(const struct drm_i915_gem_create *args);
int i915_validate_gem_pread(const struct drm_i915_gem_pread *args);
int i915_validate_gem_pwrite(const struct drm_i915_gem_pwrite *args);
int i915_validate_gem_set_domain(const struct drm_i915_gem_set_domain *args);
int i915_validate_gem_sw_finish(const struct drm_i915_gem_sw_finish *args);
int i915_validate_gem_mmap_offset(const struct drm_i915_gem_mmap_offset *args);
int i915_validate_gem_madvise(const struct drm_i915_gem_madvise *args);
int i915_validate_gem_wait(const struct drm_i915_gem_wait *args);
int i915_validate_gem_set_caching(const struct drm_i915_gem_caching *args);
int i915_validate_gem_get_caching(const struct drm_i915_gem_caching *args);
int i915_validate_gem_userptr(const struct drm_i915_gem_userptr *args);

#endif /* I915_DRM_VALIDATE_H */
