/* SPDX-License-Identifier: MIT */
/*
 * i915_drm_drv.h - the i915 ioctls of a DRM driver: the handlers it implements
 *	and its drm_ioctl_desc table.
 *
 * Generated from i915.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#ifndef I915_DRM_DRV_H
#define I915_DRM_DRV_H

#include <drm/drm_ioctl.h>

#include "i915_drm_validate.h"

struct drm_device;
struct drm_file;

/*
 * The handlers the driver implements. i915_ioctls calls each only after its
 * argument passed the matching validation function of i915_drm_validate.h.
 */
int i915_gem_busy_ioctl(struct drm_device *dev, void *data,
			struct drm_file *file);
int i915_gem_create_ioctl(struct drm_device *dev, void *data,
			  struct drm_file *file);
int i915_gem_pread_ioctl(struct drm_device *dev, void *data,
			 struct drm_file *file);
int i915_gem_pwrite_ioctl(struct drm_device *dev, void *data,
			  struct drm_file *file);
int i915_gem_set_domain_ioctl(struct drm_device *dev, void *data,
			      struct drm_file *file);
int i915_gem_sw_finish_ioctl(struct drm_device *dev, void *data,
			     struct drm_file *file);
int i915_gem_mmap_offset_ioctl(struct drm_device *dev, void *data,
			       struct drm_file *file);
int i915_gem_madvise_ioctl(struct drm_device *dev, void *data,
			   struct drm_file *file);
int i915_gem_wait_ioctl(struct drm_device *dev, void *data,
			struct drm_file *file);
int i915_gem_set_caching_ioctl(struct drm_device *dev, void *data,
			       struct drm_file *file);
int i915_gem_get_caching_ioctl(struct drm_device *dev, void *data,
			       struct drm_file *file);
int i915_gem_userptr_ioctl(struct drm_device *dev, void *data,
			   struct drm_file *file);

/* Entries of i915_ioctls: one past the highest ioctl number. */
#define I915_NUM_IOCTLS 52

/* For drm_driver.ioctls, with .num_ioctls = I915_NUM_IOCTLS. */
extern const struct drm_ioctl_desc i915_ioctls[I915_NUM_IOCTLS];

#endif /* I915_DRM_DRV_H */
