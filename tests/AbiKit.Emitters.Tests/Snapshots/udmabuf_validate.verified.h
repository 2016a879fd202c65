/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * udmabuf_validate.h - argument checks of the udmabuf ioctls, for the kernel.
 *
 * Generated from udmabuf.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#ifndef UDMABUF_VALIDATE_H
#define UDMABUF_VALIDATE_H

#include <linux/types.h>
#include "udmabuf.h"

/**
 * udmabuf_range_invalid() - whether a byte range leaves an object
 * @offset: first byte of the range
 * @size: length of the range in bytes
 * @limit: size of the object in bytes
 *
 * Never computes @offset + @size, which can wrap: a range is outside the
 * object when it starts at or past its end, or is longer than what is left.
 *
 * Return: true when [@offset, @offset + @size) does not lie in [0, @limit).
 */
static inline bool udmabuf_range_invalid(u64 offset, u64 size, u64 limit)
{
	return offset >= limit || size > limit - offset;
}

int udmabuf_validate_create(const struct udmabuf_create *args);
int udmabuf_validate_create_list(const struct udmabuf_create_list *args);

#endif /* UDMABUF_VALIDATE_H */
