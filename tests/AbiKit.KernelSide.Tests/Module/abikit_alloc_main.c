// SPDX-License-Identifier: MIT
/*
 * abikit_alloc_main.c - a vgem-like DRM driver of the abikit-alloc ABI, built
 *	on the files `abikit generate --lang kernel` writes: the ioctl table
 *	(abikit_alloc_drv.c) checks every argument with the generated validation
 *	functions before it calls a handler here.
 *
 * Handlers use the kernel's GEM shmem helpers where that is simple (CREATE,
 * CLOSE, PREAD, PWRITE, MMAP_OFFSET, GET_PARAM); the rest answer -EOPNOTSUPP.
 * AbiKit's tests load it into Debian's kernel under qemu and issue real ioctls.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/uaccess.h>
#include <linux/iosys-map.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_ioctl.h>

#include "abikit_alloc_drv.h"

#define DRIVER_NAME "abikit_alloc"
#define DRIVER_DESC "AbiKit generated kernel side, test driver"
#define DRIVER_DATE "20261202"

/* Largest object CREATE accepts (ABIKIT_PARAM_MAX_OBJECT_SIZE). */
#define ABIKIT_TEST_MAX_OBJECT_SIZE (64ULL << 20)

static struct abikit_test_device {
	struct drm_device drm;
	struct platform_device *platform;
} *abikit_test_device;

int abikit_alloc_create_ioctl(struct drm_device *dev, void *data,
			      struct drm_file *file)
{
	struct drm_abikit_create *args = data;
	struct drm_gem_shmem_object *shmem;
	u32 handle;
	int ret;

	if (!args->size)
		return -EINVAL;
	if (args->size > ABIKIT_TEST_MAX_OBJECT_SIZE)
		return -E2BIG;
	shmem = drm_gem_shmem_create(dev, PAGE_ALIGN(args->size));
	if (IS_ERR(shmem))
		return PTR_ERR(shmem);
	ret = drm_gem_handle_create(file, &shmem->base, &handle);
	/* The handle holds the object now (or nothing does). */
	drm_gem_object_put(&shmem->base);
	if (ret)
		return ret;
	args->size = shmem->base.size;
	args->handle = handle;
	return 0;
}

int abikit_alloc_close_ioctl(struct drm_device *dev, void *data,
			     struct drm_file *file)
{
	struct drm_abikit_close *args = data;

	return drm_gem_handle_delete(file, args->handle);
}

/* PREAD and PWRITE: the range is checked with the generated helper. */
static int abikit_test_rw(struct drm_file *file, u32 handle, u64 offset,
			  u64 size, u64 data_ptr, bool write)
{
	void __user *user = u64_to_user_ptr(data_ptr);
	struct drm_gem_object *obj;
	struct iosys_map map;
	unsigned long left;
	int ret;

	if (!size)
		return 0;
	if (!access_ok(user, size))
		return -EFAULT;
	obj = drm_gem_object_lookup(file, handle);
	if (!obj)
		return -ENOENT;
	ret = -EINVAL;
	if (abikit_alloc_range_invalid(offset, size, obj->size))
		goto out;
	ret = drm_gem_shmem_vmap(to_drm_gem_shmem_obj(obj), &map);
	if (ret)
		goto out;
	if (write)
		left = copy_from_user(map.vaddr + offset, user, size);
	else
		left = copy_to_user(user, map.vaddr + offset, size);
	drm_gem_shmem_vunmap(to_drm_gem_shmem_obj(obj), &map);
	ret = left ? -EFAULT : 0;
out:
	drm_gem_object_put(obj);
	return ret;
}

int abikit_alloc_pread_ioctl(struct drm_device *dev, void *data,
			     struct drm_file *file)
{
	struct drm_abikit_pread *args = data;

	return abikit_test_rw(file, args->handle, args->offset, args->size,
			      args->data_ptr, false);
}

int abikit_alloc_pwrite_ioctl(struct drm_device *dev, void *data,
			      struct drm_file *file)
{
	struct drm_abikit_pwrite *args = data;

	return abikit_test_rw(file, args->handle, args->offset, args->size,
			      args->data_ptr, true);
}

int abikit_alloc_mmap_offset_ioctl(struct drm_device *dev, void *data,
				   struct drm_file *file)
{
	struct drm_abikit_mmap_offset *args = data;

	return drm_gem_dumb_map_offset(file, dev, args->handle, &args->offset);
}

int abikit_alloc_get_param_ioctl(struct drm_device *dev, void *data,
				 struct drm_file *file)
{
	struct drm_abikit_get_param *args = data;

	switch (args->param) {
	case ABIKIT_PARAM_PAGE_SIZE:
		args->value = PAGE_SIZE;
		break;
	case ABIKIT_PARAM_MAX_OBJECT_SIZE:
		args->value = ABIKIT_TEST_MAX_OBJECT_SIZE;
		break;
	default:
		/* PIN_LIMIT, HAS_USERPTR, HAS_EXPORT: nothing of that here. */
		args->value = 0;
		break;
	}
	return 0;
}

#define ABIKIT_TEST_UNSUPPORTED(name)					\
int abikit_alloc_##name##_ioctl(struct drm_device *dev, void *data,	\
				struct drm_file *file)			\
{									\
	return -EOPNOTSUPP;						\
}

ABIKIT_TEST_UNSUPPORTED(cpu_access_begin)
ABIKIT_TEST_UNSUPPORTED(cpu_access_end)
ABIKIT_TEST_UNSUPPORTED(pin)
ABIKIT_TEST_UNSUPPORTED(unpin)
ABIKIT_TEST_UNSUPPORTED(madvise)
ABIKIT_TEST_UNSUPPORTED(busy)
ABIKIT_TEST_UNSUPPORTED(wait)
ABIKIT_TEST_UNSUPPORTED(userptr)
ABIKIT_TEST_UNSUPPORTED(export)
ABIKIT_TEST_UNSUPPORTED(import)
ABIKIT_TEST_UNSUPPORTED(submit)

DEFINE_DRM_GEM_FOPS(abikit_test_fops);

static const struct drm_driver abikit_test_driver = {
	.driver_features = DRIVER_GEM | DRIVER_RENDER,
	.ioctls = abikit_alloc_ioctls,
	.num_ioctls = ABIKIT_ALLOC_NUM_IOCTLS,
	.fops = &abikit_test_fops,
	DRM_GEM_SHMEM_DRIVER_OPS,
	.name = DRIVER_NAME,
	.desc = DRIVER_DESC,
	.date = DRIVER_DATE,
	.major = 1,
	.minor = 0,
};

static int __init abikit_test_init(void)
{
	struct platform_device *pdev;
	int ret;

	pdev = platform_device_register_simple(DRIVER_NAME, -1, NULL, 0);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	if (!devres_open_group(&pdev->dev, NULL, GFP_KERNEL)) {
		ret = -ENOMEM;
		goto out_unregister;
	}
	dma_coerce_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	abikit_test_device = devm_drm_dev_alloc(&pdev->dev, &abikit_test_driver,
						struct abikit_test_device, drm);
	if (IS_ERR(abikit_test_device)) {
		ret = PTR_ERR(abikit_test_device);
		goto out_devres;
	}
	abikit_test_device->platform = pdev;
	ret = drm_dev_register(&abikit_test_device->drm, 0);
	if (ret)
		goto out_devres;
	return 0;

out_devres:
	devres_release_group(&pdev->dev, NULL);
out_unregister:
	platform_device_unregister(pdev);
	return ret;
}

static void __exit abikit_test_exit(void)
{
	struct platform_device *pdev = abikit_test_device->platform;

	drm_dev_unregister(&abikit_test_device->drm);
	devres_release_group(&pdev->dev, NULL);
	platform_device_unregister(pdev);
}

module_init(abikit_test_init);
module_exit(abikit_test_exit);

MODULE_DESCRIPTION(DRIVER_DESC);
MODULE_LICENSE("Dual MIT/GPL");
