/* SPDX-License-Identifier: MIT */
/*
 * abikit_alloc_drv.h - the abikit-alloc ioctls of a DRM driver: the handlers it
 *	implements and its drm_ioctl_desc table.
 *
 * Generated from abikit-alloc.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#ifndef ABIKIT_ALLOC_DRV_H
#define ABIKIT_ALLOC_DRV_H

#include <drm/drm_ioctl.h>

#include "abikit_alloc_validate.h"

struct drm_device;
struct drm_file;

/*
 * The handlers the driver implements. abikit_alloc_ioctls calls each only after
 * its argument passed the matching validation function of
 * abikit_alloc_validate.h.
 */
int abikit_alloc_create_ioctl(struct drm_device *dev, void *data,
			      struct drm_file *file);
int abikit_alloc_close_ioctl(struct drm_device *dev, void *data,
			     struct drm_file *file);
int abikit_alloc_pread_ioctl(struct drm_device *dev, void *data,
			     struct drm_file *file);
int abikit_alloc_pwrite_ioctl(struct drm_device *dev, void *data,
			      struct drm_file *file);
int abikit_alloc_mmap_offset_ioctl(struct drm_device *dev, void *data,
				   struct drm_file *file);
int abikit_alloc_cpu_access_begin_ioctl(struct drm_device *dev, void *data,
					struct drm_file *file);
int abikit_alloc_cpu_access_end_ioctl(struct drm_device *dev, void *data,
				      struct drm_file *file);
int abikit_alloc_pin_ioctl(struct drm_device *dev, void *data,
			   struct drm_file *file);
int abikit_alloc_unpin_ioctl(struct drm_device *dev, void *data,
			     struct drm_file *file);
int abikit_alloc_madvise_ioctl(struct drm_device *dev, void *data,
			       struct drm_file *file);
int abikit_alloc_busy_ioctl(struct drm_device *dev, void *data,
			    struct drm_file *file);
int abikit_alloc_wait_ioctl(struct drm_device *dev, void *data,
			    struct drm_file *file);
int abikit_alloc_get_param_ioctl(struct drm_device *dev, void *data,
				 struct drm_file *file);
int abikit_alloc_userptr_ioctl(struct drm_device *dev, void *data,
			       struct drm_file *file);
int abikit_alloc_export_ioctl(struct drm_device *dev, void *data,
			      struct drm_file *file);
int abikit_alloc_import_ioctl(struct drm_device *dev, void *data,
			      struct drm_file *file);
int abikit_alloc_submit_ioctl(struct drm_device *dev, void *data,
			      struct drm_file *file);

/* Entries of abikit_alloc_ioctls: one past the highest ioctl number. */
#define ABIKIT_ALLOC_NUM_IOCTLS 17

/* For drm_driver.ioctls, with .num_ioctls = ABIKIT_ALLOC_NUM_IOCTLS. */
extern const struct drm_ioctl_desc abikit_alloc_ioctls[ABIKIT_ALLOC_NUM_IOCTLS];

#endif /* ABIKIT_ALLOC_DRV_H */
