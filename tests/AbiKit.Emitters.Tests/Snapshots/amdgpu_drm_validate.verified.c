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
 * amdgpu_validate_gem_va() - check the argument of DRM_IOCTL_AMDGPU_GEM_VA
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @_pad is zero, @operation is a known
 * amdgpu_va_op value, @flags has no bit outside amdgpu_vm_flags, @flags's
 * AMDGPU_VM_MTYPE bits hold a listed value.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int amdgpu_validate_gem_va(const struct drm_amdgpu_gem_va *args)
{
	if (args->_pad)
		return -EINVAL;
	switch (args->operation) {
	case AMDGPU_VA_OP_MAP:
	case AMDGPU_VA_OP_UNMAP:
	case AMDGPU_VA_OP_CLEAR:
	case AMDGPU_VA_OP_REPLACE:
		break;
	default:
		return -EINVAL;
	}
	if (args->flags & ~0x1ffULL)
		return -EINVAL;
	switch (args->flags & (u64)AMDGPU_VM_MTYPE_MASK) {
	case AMDGPU_VM_MTYPE_DEFAULT:
	case AMDGPU_VM_MTYPE_NC:
	case AMDGPU_VM_MTYPE_WC:
	case AMDGPU_VM_MTYPE_CC:
	case AMDGPU_VM_MTYPE_UC:
	case AMDGPU_VM_MTYPE_RW:
		break;
	default:
		return -EINVAL;
	}
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
