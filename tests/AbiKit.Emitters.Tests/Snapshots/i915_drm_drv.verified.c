// SPDX-License-Identifier: MIT
/*
 * i915_drm_drv.c - the drm_ioctl_desc table of the i915 ioctls; each entry
 *	checks its argument before it calls the driver's handler.
 *
 * Generated from i915.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#include <drm/drm_ioctl.h>

#include "i915_drm_drv.h"

static int i915_gem_busy_checked(struct drm_device *dev, void *data,
				 struct drm_file *file)
{
	int ret = i915_validate_gem_busy(data);

	if (ret)
		return ret;
	return i915_gem_busy_ioctl(dev, data, file);
}

static int i915_gem_create_checked(struct drm_device *dev, void *data,
				   struct drm_file *file)
{
	int ret = i915_validate_gem_create(data);

	if (ret)
		return ret;
	return i915_gem_create_ioctl(dev, data, file);
}

static int i915_gem_pread_checked(struct drm_device *dev, void *data,
				  struct drm_file *file)
{
	int ret = i915_validate_gem_pread(data);

	if (ret)
		return ret;
	return i915_gem_pread_ioctl(dev, data, file);
}

static int i915_gem_pwrite_checked(struct drm_device *dev, void *data,
				   struct drm_file *file)
{
	int ret = i915_validate_gem_pwrite(data);

	if (ret)
		return ret;
	return i915_gem_pwrite_ioctl(dev, data, file);
}

static int i915_gem_set_domain_checked(struct drm_device *dev, void *data,
				       struct drm_file *file)
{
	int ret = i915_validate_gem_set_domain(data);

	if (ret)
		return ret;
	return i915_gem_set_domain_ioctl(dev, data, file);
}

static int i915_gem_sw_finish_checked(struct drm_device *dev, void *data,
				      struct drm_file *file)
{
	int ret = i915_validate_gem_sw_finish(data);

	if (ret)
		return ret;
	return i915_gem_sw_finish_ioctl(dev, data, file);
}

static int i915_gem_mmap_offset_checked(struct drm_device *dev, void *data,
					struct drm_file *file)
{
	int ret = i915_validate_gem_mmap_offset(data);

	if (ret)
		return ret;
	return i915_gem_mmap_offset_ioctl(dev, data, file);
}

static int i915_gem_madvise_checked(struct drm_device *dev, void *data,
				    struct drm_file *file)
{
	int ret = i915_validate_gem_madvise(data);

	if (ret)
		return ret;
	return i915_gem_madvise_ioctl(dev, data, file);
}

static int i915_gem_wait_checked(struct drm_device *dev, void *data,
				 struct drm_file *file)
{
	int ret = i915_validate_gem_wait(data);

	if (ret)
		return ret;
	return i915_gem_wait_ioctl(dev, data, file);
}

static int i915_gem_set_caching_checked(struct drm_device *dev, void *data,
					struct drm_file *file)
{
	int ret = i915_validate_gem_set_caching(data);

	if (ret)
		return ret;
	return i915_gem_set_caching_ioctl(dev, data, file);
}

static int i915_gem_get_caching_checked(struct drm_device *dev, void *data,
					struct drm_file *file)
{
	int ret = i915_validate_gem_get_caching(data);

	if (ret)
		return ret;
	return i915_gem_get_caching_ioctl(dev, data, file);
}

static int i915_gem_userptr_checked(struct drm_device *dev, void *data,
				    struct drm_file *file)
{
	int ret = i915_validate_gem_userptr(data);

	if (ret)
		return ret;
	return i915_gem_userptr_ioctl(dev, data, file);
}

const struct drm_ioctl_desc i915_ioctls[I915_NUM_IOCTLS] = {
	DRM_IOCTL_DEF_DRV(I915_GEM_BUSY, i915_gem_busy_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_CREATE, i915_gem_create_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_PREAD, i915_gem_pread_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_PWRITE, i915_gem_pwrite_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_SET_DOMAIN, i915_gem_set_domain_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_SW_FINISH, i915_gem_sw_finish_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_MMAP_OFFSET, i915_gem_mmap_offset_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_MADVISE, i915_gem_madvise_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_WAIT, i915_gem_wait_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_SET_CACHING, i915_gem_set_caching_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_GET_CACHING, i915_gem_get_caching_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(I915_GEM_USERPTR, i915_gem_userptr_checked,
			  DRM_RENDER_ALLOW),
};
