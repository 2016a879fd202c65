/* SPDX-License-Identifier: MIT */
/*
 * drm_core_validate.h - argument checks of the drm-core ioctls, for the kernel.
 *
 * Generated from drm-core.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#ifndef DRM_CORE_VALIDATE_H
#define DRM_CORE_VALIDATE_H

#include <linux/types.h>
#include "drm_core.h"

#ifndef DRM_PRIME_FLAGS_MASK
#define DRM_PRIME_FLAGS_MASK (DRM_CLOEXEC | DRM_RDWR)
#endif

/**
 * drm_core_range_invalid() - whether a byte range leaves an object
 * @offset: first byte of the range
 * @size: length of the range in bytes
 * @limit: size of the object in bytes
 *
 * Never computes @offset + @size, which can wrap: a range is outside the
 * object when it starts at or past its end, or is longer than what is left.
 *
 * Return: true when [@offset, @offset + @size) does not lie in [0, @limit).
 */
static inline bool drm_core_range_invalid(u64 offset, u64 size, u64 limit)
{
	return offset >= limit || size > limit - offset;
}

int drm_core_validate_get_magic(const struct drm_auth *args);
int drm_core_validate_gem_close(const struct drm_gem_close *args);
int drm_core_validate_gem_flink(const struct drm_gem_flink *args);
int drm_core_validate_gem_open(const struct drm_gem_open *args);
int drm_core_validate_get_cap(const struct drm_get_cap *args);
int drm_core_validate_auth_magic(const struct drm_auth *args);
int drm_core_validate_prime_handle_to_fd(const struct drm_prime_handle *args);
int drm_core_validate_prime_fd_to_handle(const struct drm_prime_handle *args);
int drm_core_validate_mode_create_dumb(const struct drm_mode_create_dumb *args);
int drm_core_validate_mode_map_dumb(const struct drm_mode_map_dumb *args);
int drm_core_validate_mode_destroy_dumb(const struct drm_mode_destroy_dumb *args);

#endif /* DRM_CORE_VALIDATE_H */
