// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note
/*
 * dma_buf_validate.c - argument checks of the dma-buf ioctls, generated from
 *	the spec: reserved fields zero, flag bits known, enum values known.
 *
 * Generated from dma-buf.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate --lang kernel`.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "dma_buf_validate.h"

/**
 * dma_buf_validate_sync() - check the argument of DMA_BUF_IOCTL_SYNC
 * @args: the argument, as drm_ioctl() copied it in
 *
 * Checks what user space writes: @flags has no bit outside
 * DMA_BUF_SYNC_VALID_FLAGS_MASK.
 *
 * Return: 0, or -EINVAL when a check fails.
 */
int dma_buf_validate_sync(const struct dma_buf_sync *args)
{
	if (args->flags & ~(u64)DMA_BUF_SYNC_VALID_FLAGS_MASK)
		return -EINVAL;
	return 0;
}
