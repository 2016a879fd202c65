/* SPDX-License-Identifier: MIT */
/*
 * drm_core.h - what abikit_alloc.h includes for the DRM core, inside the
 *	kernel: the kernel's own drm.h, which the drm-core spec re-describes
 *	for user space (its generated header would define the same structs
 *	again).
 */
#ifndef ABIKIT_TEST_DRM_CORE_H
#define ABIKIT_TEST_DRM_CORE_H

/* drm.h spells DRM_CLOEXEC and DRM_RDWR as O_CLOEXEC and O_RDWR without including their header. */
#include <linux/fcntl.h>
#include <drm/drm.h>

#endif /* ABIKIT_TEST_DRM_CORE_H */
