// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note
/*
 * udmabuf_validate.c - argument checks of the udmabuf ioctls, generated from
 *	the spec: reserved fields zero, flag bits known, enum values known.
 *
 * Generated from udmabuf.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "udmabuf_validate.h"

/**
 * udmabuf_validate_create() - check the argument of UDMABUF_CREATE
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags has no bit outside udmabuf_flags.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int udmabuf_validate_create(const struct udmabuf_create *args)
{
	if (args->flags & ~0x1ULL)
		return -EINVAL;
	return 0;
}

/**
 * udmabuf_validate_create_list() - check the argument of UDMABUF_CREATE_LIST
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags has no bit outside udmabuf_flags.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int udmabuf_validate_create_list(const struct udmabuf_create_list *args)
{
	if (args->flags & ~0x1ULL)
		return -EINVAL;
	return 0;
}
