// SPDX-License-Identifier: MIT
/*
 * drm_core_validate.c - argument checks of the drm-core ioctls, generated from
 *	the spec: reserved fields zero, flag bits known, enum values known.
 *
 * Generated from drm-core.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "drm_core_validate.h"

/**
 * drm_core_validate_get_magic() - check the argument of DRM_IOCTL_GET_MAGIC
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_GET_MAGIC's argument has no field the spec constrains.
 *
 * Return: 0.
 */
int drm_core_validate_get_magic(const struct drm_auth *args)
{
	return 0;
}

/**
 * drm_core_validate_gem_close() - check the argument of DRM_IOCTL_GEM_CLOSE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int drm_core_validate_gem_close(const struct drm_gem_close *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * drm_core_validate_gem_flink() - check the argument of DRM_IOCTL_GEM_FLINK
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_GEM_FLINK's argument has no field the spec constrains.
 *
 * Return: 0.
 */
int drm_core_validate_gem_flink(const struct drm_gem_flink *args)
{
	return 0;
}

/**
 * drm_core_validate_gem_open() - check the argument of DRM_IOCTL_GEM_OPEN
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_GEM_OPEN's argument has no field the spec constrains.
 *
 * Return: 0.
 */
int drm_core_validate_gem_open(const struct drm_gem_open *args)
{
	return 0;
}

/**
 * drm_core_validate_get_cap() - check the argument of DRM_IOCTL_GET_CAP
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_GET_CAP's argument has no field the spec constrains.
 *
 * Return: 0.
 */
int drm_core_validate_get_cap(const struct drm_get_cap *args)
{
	return 0;
}

/**
 * drm_core_validate_auth_magic() - check the argument of DRM_IOCTL_AUTH_MAGIC
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_AUTH_MAGIC's argument has no field the spec constrains.
 *
 * Return: 0.
 */
int drm_core_validate_auth_magic(const struct drm_auth *args)
{
	return 0;
}

/**
 * drm_core_validate_prime_handle_to_fd() - check the argument of
 *	DRM_IOCTL_PRIME_HANDLE_TO_FD
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags has no bit outside
 * DRM_PRIME_FLAGS_MASK.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int drm_core_validate_prime_handle_to_fd(const struct drm_prime_handle *args)
{
	if (args->flags & ~(u64)DRM_PRIME_FLAGS_MASK)
		return -EINVAL;
	return 0;
}

/**
 * drm_core_validate_prime_fd_to_handle() - check the argument of
 *	DRM_IOCTL_PRIME_FD_TO_HANDLE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags has no bit outside
 * DRM_PRIME_FLAGS_MASK.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int drm_core_validate_prime_fd_to_handle(const struct drm_prime_handle *args)
{
	if (args->flags & ~(u64)DRM_PRIME_FLAGS_MASK)
		return -EINVAL;
	return 0;
}

/**
 * drm_core_validate_mode_create_dumb() - check the argument of
 *	DRM_IOCTL_MODE_CREATE_DUMB
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int drm_core_validate_mode_create_dumb(const struct drm_mode_create_dumb *args)
{
	if (args->flags)
		return -EINVAL;
	return 0;
}

/**
 * drm_core_validate_mode_map_dumb() - check the argument of
 *	DRM_IOCTL_MODE_MAP_DUMB
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @pad is zero.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int drm_core_validate_mode_map_dumb(const struct drm_mode_map_dumb *args)
{
	if (args->pad)
		return -EINVAL;
	return 0;
}

/**
 * drm_core_validate_mode_destroy_dumb() - check the argument of
 *	DRM_IOCTL_MODE_DESTROY_DUMB
 * @args: the argument, as drm_ioctl() copied it in
 *
 * DRM_IOCTL_MODE_DESTROY_DUMB's argument has no field the spec constrains.
 *
 * Return: 0.
 */
int drm_core_validate_mode_destroy_dumb(const struct drm_mode_destroy_dumb *args)
{
	return 0;
}
