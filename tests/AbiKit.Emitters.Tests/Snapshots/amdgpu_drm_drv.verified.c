// SPDX-License-Identifier: MIT
/*
 * amdgpu_drm_drv.c - the drm_ioctl_desc table of the amdgpu ioctls; each entry
 *	checks its argument before it calls the driver's handler.
 *
 * Generated from amdgpu.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#include <drm/drm_ioctl.h>

#include "amdgpu_drm_drv.h"

static int amdgpu_ctx_checked(struct drm_device *dev, void *data,
			      struct drm_file *file)
{
	int ret = amdgpu_validate_ctx(data);

	if (ret)
		return ret;
	return amdgpu_ctx_ioctl(dev, data, file);
}

static int amdgpu_gem_create_checked(struct drm_device *dev, void *data,
				     struct drm_file *file)
{
	int ret = amdgpu_validate_gem_create(data);

	if (ret)
		return ret;
	return amdgpu_gem_create_ioctl(dev, data, file);
}

static int amdgpu_gem_mmap_checked(struct drm_device *dev, void *data,
				   struct drm_file *file)
{
	int ret = amdgpu_validate_gem_mmap(data);

	if (ret)
		return ret;
	return amdgpu_gem_mmap_ioctl(dev, data, file);
}

static int amdgpu_gem_va_checked(struct drm_device *dev, void *data,
				 struct drm_file *file)
{
	int ret = amdgpu_validate_gem_va(data);

	if (ret)
		return ret;
	return amdgpu_gem_va_ioctl(dev, data, file);
}

static int amdgpu_gem_wait_idle_checked(struct drm_device *dev, void *data,
					struct drm_file *file)
{
	int ret = amdgpu_validate_gem_wait_idle(data);

	if (ret)
		return ret;
	return amdgpu_gem_wait_idle_ioctl(dev, data, file);
}

const struct drm_ioctl_desc amdgpu_ioctls[AMDGPU_NUM_IOCTLS] = {
	DRM_IOCTL_DEF_DRV(AMDGPU_CTX, amdgpu_ctx_checked,
			  DRM_AUTH | DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(AMDGPU_GEM_CREATE, amdgpu_gem_create_checked,
			  DRM_AUTH | DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(AMDGPU_GEM_MMAP, amdgpu_gem_mmap_checked,
			  DRM_AUTH | DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(AMDGPU_GEM_VA, amdgpu_gem_va_checked,
			  DRM_AUTH | DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(AMDGPU_GEM_WAIT_IDLE, amdgpu_gem_wait_idle_checked,
			  DRM_AUTH | DRM_RENDER_ALLOW),
};
