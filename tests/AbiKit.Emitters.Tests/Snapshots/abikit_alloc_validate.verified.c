// SPDX-License-Identifier: MIT
/*
 * abikit_alloc_validate.c - argument checks of the abikit-alloc ioctls,
 *	generated from the spec: reserved fields zero, flag bits known, enum
 *	values known.
 *
 * Generated from abikit-alloc.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "abikit_alloc_validate.h"

/**
 * abikit_alloc_validate_create() - check the argument of
 *	DRM_IOCTL_ABIKIT_CREATE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @caching is a known abikit_caching value,
 * @flags has no bit outside ABIKIT_CREATE_FLAGS_MASK, @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_create(const struct drm_abikit_create *args)
{
	switch (args->caching) {
	case ABIKIT_CACHING_CACHED:
	case ABIKIT_CACHING_WRITE_COMBINED:
	case ABIKIT_CACHING_UNCACHED:
		break;
	default:
		return -EINVAL;
	}
	if (args->flags & ~(u64)ABIKIT_CREATE_FLAGS_MASK)
		return -EINVAL;
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_close() - check the argument of DRM_IOCTL_ABIKIT_CLOSE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_close(const struct drm_abikit_close *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_pread() - check the argument of DRM_IOCTL_ABIKIT_PREAD
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_pread(const struct drm_abikit_pread *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_pwrite() - check the argument of
 *	DRM_IOCTL_ABIKIT_PWRITE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_pwrite(const struct drm_abikit_pwrite *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_mmap_offset() - check the argument of
 *	DRM_IOCTL_ABIKIT_MMAP_OFFSET
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_mmap_offset(const struct drm_abikit_mmap_offset *args)
{
	if (args->flags)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_cpu_access_begin() - check the argument of
 *	DRM_IOCTL_ABIKIT_CPU_ACCESS_BEGIN
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags has no bit outside
 * ABIKIT_ACCESS_FLAGS_MASK.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_cpu_access_begin(const struct drm_abikit_cpu_access *args)
{
	if (args->flags & ~(u64)ABIKIT_ACCESS_FLAGS_MASK)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_cpu_access_end() - check the argument of
 *	DRM_IOCTL_ABIKIT_CPU_ACCESS_END
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags has no bit outside
 * ABIKIT_ACCESS_FLAGS_MASK.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_cpu_access_end(const struct drm_abikit_cpu_access *args)
{
	if (args->flags & ~(u64)ABIKIT_ACCESS_FLAGS_MASK)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_pin() - check the argument of DRM_IOCTL_ABIKIT_PIN
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_pin(const struct drm_abikit_pin *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_unpin() - check the argument of DRM_IOCTL_ABIKIT_UNPIN
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_unpin(const struct drm_abikit_pin *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_madvise() - check the argument of
 *	DRM_IOCTL_ABIKIT_MADVISE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @advice is a known abikit_madv value.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_madvise(const struct drm_abikit_madvise *args)
{
	switch (args->advice) {
	case ABIKIT_MADV_WILLNEED:
	case ABIKIT_MADV_DONTNEED:
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/**
 * abikit_alloc_validate_busy() - check the argument of DRM_IOCTL_ABIKIT_BUSY
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_ABIKIT_BUSY's argument has no field the spec constrains.
 *
 * Return: 0.
 */
int abikit_alloc_validate_busy(const struct drm_abikit_busy *args)
{
	return 0;
}

/**
 * abikit_alloc_validate_wait() - check the argument of DRM_IOCTL_ABIKIT_WAIT
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags has no bit outside
 * ABIKIT_WAIT_FLAGS_MASK.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_wait(const struct drm_abikit_wait *args)
{
	if (args->flags & ~(u64)ABIKIT_WAIT_FLAGS_MASK)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_get_param() - check the argument of
 *	DRM_IOCTL_ABIKIT_GET_PARAM
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @param is a known abikit_param value, @pad is
 * zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_get_param(const struct drm_abikit_get_param *args)
{
	switch (args->param) {
	case ABIKIT_PARAM_PAGE_SIZE:
	case ABIKIT_PARAM_MAX_OBJECT_SIZE:
	case ABIKIT_PARAM_PIN_LIMIT:
	case ABIKIT_PARAM_HAS_USERPTR:
	case ABIKIT_PARAM_HAS_EXPORT:
		break;
	default:
		return -EINVAL;
	}
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_userptr() - check the argument of
 *	DRM_IOCTL_ABIKIT_USERPTR
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags has no bit outside
 * ABIKIT_USERPTR_FLAGS_MASK.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_userptr(const struct drm_abikit_userptr *args)
{
	if (args->flags & ~(u64)ABIKIT_USERPTR_FLAGS_MASK)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_export() - check the argument of
 *	DRM_IOCTL_ABIKIT_EXPORT
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_export(const struct drm_abikit_export *args)
{
	if (args->flags)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_import() - check the argument of
 *	DRM_IOCTL_ABIKIT_IMPORT
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_import(const struct drm_abikit_import *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * abikit_alloc_validate_submit() - check the argument of
 *	DRM_IOCTL_ABIKIT_SUBMIT
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @op is a known abikit_op value, @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int abikit_alloc_validate_submit(const struct drm_abikit_submit *args)
{
	switch (args->op) {
	case ABIKIT_OP_FILL:
	case ABIKIT_OP_COPY:
	case ABIKIT_OP_CHECKSUM:
		break;
	default:
		return -EINVAL;
	}
	if (args->pad)
		return -EINVAL;
	return 0;
}
