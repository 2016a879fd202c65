// SPDX-License-Identifier: MIT
/*
 * amdgpu_drm_validate.c - argument checks of the amdgpu ioctls, generated from
 *	the spec: reserved fields zero, flag bits known, enum values known.
 *
 * Generated from amdgpu.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "amdgpu_drm_validate.h"

/**
 * amdgpu_validate_ctx() - check the argument of DRM_IOCTL_AMDGPU_CTX
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_AMDGPU_CTX's argument has no field the spec constrains (which
 * member of a union is live is the handler's to know).
 *
 * Return: 0.
 */
int amdgpu_validate_ctx(const union drm_amdgpu_ctx *args)
{
	return 0;
}

/**
 * amdgpu_validate_gem_create() - check the argument of
 *	DRM_IOCTL_AMDGPU_GEM_CREATE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_AMDGPU_GEM_CREATE's argument has no field the spec constrains
 * (which member of a union is live is the handler's to know).
 *
 * Return: 0.
 */
int amdgpu_validate_gem_create(const union drm_amdgpu_gem_create *args)
{
	return 0;
}

/**
 * amdgpu_validate_gem_mmap() - check the argument of DRM_IOCTL_AMDGPU_GEM_MMAP
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_AMDGPU_GEM_MMAP's argument has no field the spec constrains (which
 * member of a union is live is the handler's to know).
 *
 * Return: 0.
 */
int amdgpu_validate_gem_mmap(const union drm_amdgpu_gem_mmap *args)
{
	return 0;
}

/**
 * amdgpu_validate_gem_wait_idle() - check the argument of
 *	DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE's argument has no field the spec constrains
 * (which member of a union is live is the handler's to know).
 *
 * Return: 0.
 */
int amdgpu_validate_gem_wait_idle(const union drm_amdgpu_gem_wait_idle *args)
{
	return 0;
}
