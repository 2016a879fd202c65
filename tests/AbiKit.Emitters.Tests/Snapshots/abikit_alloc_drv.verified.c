// SPDX-License-Identifier: MIT
/*
 * abikit_alloc_drv.c - the drm_ioctl_desc table of the abikit-alloc ioctls;
 *	each entry checks its argument before it calls the driver's handler.
 *
 * Generated from abikit-alloc.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#include <drm/drm_ioctl.h>

#include "abikit_alloc_drv.h"

static int abikit_alloc_create_checked(struct drm_device *dev, void *data,
				       struct drm_file *file)
{
	int ret = abikit_alloc_validate_create(data);

	if (ret)
		return ret;
	return abikit_alloc_create_ioctl(dev, data, file);
}

static int abikit_alloc_close_checked(struct drm_device *dev, void *data,
				      struct drm_file *file)
{
	int ret = abikit_alloc_validate_close(data);

	if (ret)
		return ret;
	return abikit_alloc_close_ioctl(dev, data, file);
}

static int abikit_alloc_pread_checked(struct drm_device *dev, void *data,
				      struct drm_file *file)
{
	int ret = abikit_alloc_validate_pread(data);

	if (ret)
		return ret;
	return abikit_alloc_pread_ioctl(dev, data, file);
}

static int abikit_alloc_pwrite_checked(struct drm_device *dev, void *data,
				       struct drm_file *file)
{
	int ret = abikit_alloc_validate_pwrite(data);

	if (ret)
		return ret;
	return abikit_alloc_pwrite_ioctl(dev, data, file);
}

static int abikit_alloc_mmap_offset_checked(struct drm_device *dev, void *data,
					    struct drm_file *file)
{
	int ret = abikit_alloc_validate_mmap_offset(data);

	if (ret)
		return ret;
	return abikit_alloc_mmap_offset_ioctl(dev, data, file);
}

static int abikit_alloc_cpu_access_begin_checked(struct drm_device *dev,
						 void *data,
						 struct drm_file *file)
{
	int ret = abikit_alloc_validate_cpu_access_begin(data);

	if (ret)
		return ret;
	return abikit_alloc_cpu_access_begin_ioctl(dev, data, file);
}

static int abikit_alloc_cpu_access_end_checked(struct drm_device *dev,
					       void *data,
					       struct drm_file *file)
{
	int ret = abikit_alloc_validate_cpu_access_end(data);

	if (ret)
		return ret;
	return abikit_alloc_cpu_access_end_ioctl(dev, data, file);
}

static int abikit_alloc_pin_checked(struct drm_device *dev, void *data,
				    struct drm_file *file)
{
	int ret = abikit_alloc_validate_pin(data);

	if (ret)
		return ret;
	return abikit_alloc_pin_ioctl(dev, data, file);
}

static int abikit_alloc_unpin_checked(struct drm_device *dev, void *data,
				      struct drm_file *file)
{
	int ret = abikit_alloc_validate_unpin(data);

	if (ret)
		return ret;
	return abikit_alloc_unpin_ioctl(dev, data, file);
}

static int abikit_alloc_madvise_checked(struct drm_device *dev, void *data,
					struct drm_file *file)
{
	int ret = abikit_alloc_validate_madvise(data);

	if (ret)
		return ret;
	return abikit_alloc_madvise_ioctl(dev, data, file);
}

static int abikit_alloc_busy_checked(struct drm_device *dev, void *data,
				     struct drm_file *file)
{
	int ret = abikit_alloc_validate_busy(data);

	if (ret)
		return ret;
	return abikit_alloc_busy_ioctl(dev, data, file);
}

static int abikit_alloc_wait_checked(struct drm_device *dev, void *data,
				     struct drm_file *file)
{
	int ret = abikit_alloc_validate_wait(data);

	if (ret)
		return ret;
	return abikit_alloc_wait_ioctl(dev, data, file);
}

static int abikit_alloc_get_param_checked(struct drm_device *dev, void *data,
					  struct drm_file *file)
{
	int ret = abikit_alloc_validate_get_param(data);

	if (ret)
		return ret;
	return abikit_alloc_get_param_ioctl(dev, data, file);
}

static int abikit_alloc_userptr_checked(struct drm_device *dev, void *data,
					struct drm_file *file)
{
	int ret = abikit_alloc_validate_userptr(data);

	if (ret)
		return ret;
	return abikit_alloc_userptr_ioctl(dev, data, file);
}

static int abikit_alloc_export_checked(struct drm_device *dev, void *data,
				       struct drm_file *file)
{
	int ret = abikit_alloc_validate_export(data);

	if (ret)
		return ret;
	return abikit_alloc_export_ioctl(dev, data, file);
}

static int abikit_alloc_import_checked(struct drm_device *dev, void *data,
				       struct drm_file *file)
{
	int ret = abikit_alloc_validate_import(data);

	if (ret)
		return ret;
	return abikit_alloc_import_ioctl(dev, data, file);
}

static int abikit_alloc_submit_checked(struct drm_device *dev, void *data,
				       struct drm_file *file)
{
	int ret = abikit_alloc_validate_submit(data);

	if (ret)
		return ret;
	return abikit_alloc_submit_ioctl(dev, data, file);
}

const struct drm_ioctl_desc abikit_alloc_ioctls[ABIKIT_ALLOC_NUM_IOCTLS] = {
	DRM_IOCTL_DEF_DRV(ABIKIT_CREATE, abikit_alloc_create_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_CLOSE, abikit_alloc_close_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_PREAD, abikit_alloc_pread_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_PWRITE, abikit_alloc_pwrite_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_MMAP_OFFSET, abikit_alloc_mmap_offset_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_CPU_ACCESS_BEGIN,
			  abikit_alloc_cpu_access_begin_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_CPU_ACCESS_END,
			  abikit_alloc_cpu_access_end_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_PIN, abikit_alloc_pin_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_UNPIN, abikit_alloc_unpin_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_MADVISE, abikit_alloc_madvise_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_BUSY, abikit_alloc_busy_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_WAIT, abikit_alloc_wait_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_GET_PARAM, abikit_alloc_get_param_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_USERPTR, abikit_alloc_userptr_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_EXPORT, abikit_alloc_export_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_IMPORT, abikit_alloc_import_checked,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(ABIKIT_SUBMIT, abikit_alloc_submit_checked,
			  DRM_RENDER_ALLOW),
};
