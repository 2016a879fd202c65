/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * dma_buf_validate.h - argument checks of the dma-buf ioctls, for the kernel.
 *
 * Generated from dma-buf.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#ifndef DMA_BUF_VALIDATE_H
#define DMA_BUF_VALIDATE_H

#include <linux/types.h>
#include "dma_buf.h"

#ifndef DMA_BUF_SYNC_VALID_FLAGS_MASK
#define DMA_BUF_SYNC_VALID_FLAGS_MASK \
	(DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE | DMA_BUF_SYNC_RW | \
	DMA_BUF_SYNC_END)
#endif

/**
 * dma_buf_range_invalid() - whether a byte range leaves an object
 * @offset: first byte of the range
 * @size: length of the range in bytes
 * @limit: size of the object in bytes
 *
 * Never computes @offset + @size, which can wrap: a range is outside the
 * object when it starts at or past its end, or is longer than what is left.
 *
 * Return: true when [@offset, @offset + @size) does not lie in [0, @limit).
 */
static inline bool dma_buf_range_invalid(u64 offset, u64 size, u64 limit)
{
	return offset >= limit || size > limit - offset;
}

int dma_buf_validate_sync(const struct dma_buf_sync *args);

#endif /* DMA_BUF_VALIDATE_H */
