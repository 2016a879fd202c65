/* SPDX-License-Identifier: MIT */
/*
 * amdgpu_drm_drv.h - the amdgpu ioctls of a DRM driver: the handlers it
 *	implements and its drm_ioctl_desc table.
 *
 * Generated from amdgpu.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#ifndef AMDGPU_DRM_DRV_H
#define AMDGPU_DRM_DRV_H

#include <drm/drm_ioctl.h>

#include "amdgpu_drm_validate.h"

struct drm_device;
struct drm_file;

/*
 * The handlers the driver implements. amdgpu_ioctls calls each only after its
 * argument passed the matching validation function of amdgpu_drm_validate.h.
 */
int amdgpu_ctx_ioctl(struct drm_device *dev, void *data, struct drm_file *file);
int amdgpu_gem_create_ioctl(struct drm_device *dev, void *data,
			    struct drm_file *file);
int amdgpu_gem_mmap_ioctl(struct drm_device *dev, void *data,
			  struct drm_file *file);
int amdgpu_gem_va_ioctl(struct drm_device *dev, void *data,
			struct drm_file *file);
int amdgpu_gem_wait_idle_ioctl(struct drm_device *dev, void *data,
			       struct drm_file *file);

/* Entries of amdgpu_ioctls: one past the highest ioctl number. */
#define AMDGPU_NUM_IOCTLS 9

/* For drm_driver.ioctls, with .num_ioctls = AMDGPU_NUM_IOCTLS. */
extern const struct drm_ioctl_desc amdgpu_ioctls[AMDGPU_NUM_IOCTLS];

#endif /* AMDGPU_DRM_DRV_H */
