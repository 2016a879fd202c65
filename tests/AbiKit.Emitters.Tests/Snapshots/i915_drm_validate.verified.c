// SPDX-License-Identifier: MIT
/*
 * i915_drm_validate.c - argument checks of the i915 ioctls, generated from the
 *	spec: reserved fields zero, flag bits known, enum values known.
 *
 * Generated from i915.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "i915_drm_validate.h"

/**
 * i915_validate_gem_busy() - check the argument of DRM_IOCTL_I915_GEM_BUSY
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_I915_GEM_BUSY's argument has no field the spec constrains.
 *
 * Return: 0.
 */
int i915_validate_gem_busy(const struct drm_i915_gem_busy *args)
{
	return 0;
}

/**
 * i915_validate_gem_create() - check the argument of DRM_IOCTL_I915_GEM_CREATE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int i915_validate_gem_create(const struct drm_i915_gem_create *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * i915_validate_gem_pread() - check the argument of DRM_IOCTL_I915_GEM_PREAD
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int i915_validate_gem_pread(const struct drm_i915_gem_pread *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * i915_validate_gem_pwrite() - check the argument of DRM_IOCTL_I915_GEM_PWRITE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int i915_validate_gem_pwrite(const struct drm_i915_gem_pwrite *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * i915_validate_gem_set_domain() - check the argument of
 *	DRM_IOCTL_I915_GEM_SET_DOMAIN
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @read_domains has no bit outside
 * I915_GEM_DOMAIN_MASK, @write_domain has no bit outside I915_GEM_DOMAIN_MASK.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int i915_validate_gem_set_domain(const struct drm_i915_gem_set_domain *args)
{
	if (args->read_domains & ~(u64)I915_GEM_DOMAIN_MASK)
		return -EINVAL;
	if (args->write_domain & ~(u64)I915_GEM_DOMAIN_MASK)
		return -EINVAL;
	return 0;
}

/**
 * i915_validate_gem_sw_finish() - check the argument of
 *	DRM_IOCTL_I915_GEM_SW_FINISH
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_I915_GEM_SW_FINISH's argument has no field the spec constrains.
 *
 * Return: 0.
 */
int i915_validate_gem_sw_finish(const struct drm_i915_gem_sw_finish *args)
{
	return 0;
}

/**
 * i915_validate_gem_mmap_offset() - check the argument of
 *	DRM_IOCTL_I915_GEM_MMAP_OFFSET
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero, @flags is a known
 * i915_mmap_offset_type value, @extensions is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int i915_validate_gem_mmap_offset(const struct drm_i915_gem_mmap_offset *args)
{
	if (args->pad)
		return -EINVAL;
	switch (args->flags) {
	case I915_MMAP_OFFSET_GTT:
	case I915_MMAP_OFFSET_WC:
	case I915_MMAP_OFFSET_WB:
	case I915_MMAP_OFFSET_UC:
	case I915_MMAP_OFFSET_FIXED:
		break;
	default:
		return -EINVAL;
	}
	if (args->extensions)
		return -EINVAL;
	return 0;
}

/**
 * i915_validate_gem_madvise() - check the argument of
 *	DRM_IOCTL_I915_GEM_MADVISE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @madv is a known i915_madv value.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int i915_validate_gem_madvise(const struct drm_i915_gem_madvise *args)
{
	switch (args->madv) {
	case I915_MADV_WILLNEED:
	case I915_MADV_DONTNEED:
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/**
 * i915_validate_gem_wait() - check the argument of DRM_IOCTL_I915_GEM_WAIT
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int i915_validate_gem_wait(const struct drm_i915_gem_wait *args)
{
	if (args->flags)
		return -EINVAL;
	return 0;
}

/**
 * i915_validate_gem_set_caching() - check the argument of
 *	DRM_IOCTL_I915_GEM_SET_CACHING
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @caching is a known i915_caching value.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int i915_validate_gem_set_caching(const struct drm_i915_gem_caching *args)
{
	switch (args->caching) {
	case I915_CACHING_NONE:
	case I915_CACHING_CACHED:
	case I915_CACHING_DISPLAY:
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/**
 * i915_validate_gem_get_caching() - check the argument of
 *	DRM_IOCTL_I915_GEM_GET_CACHING
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @caching is a known i915_caching value.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int i915_validate_gem_get_caching(const struct drm_i915_gem_caching *args)
{
	switch (args->caching) {
	case I915_CACHING_NONE:
	case I915_CACHING_CACHED:
	case I915_CACHING_DISPLAY:
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/**
 * i915_validate_gem_userptr() - check the argument of
 *	DRM_IOCTL_I915_GEM_USERPTR
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags has no bit outside
 * I915_USERPTR_FLAGS_MASK.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int i915_validate_gem_userptr(const struct drm_i915_gem_userptr *args)
{
	if (args->flags & ~(u64)I915_USERPTR_FLAGS_MASK)
		return -EINVAL;
	return 0;
}
