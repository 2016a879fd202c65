/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * dma_buf.h - dma-buf CPU-access synchronisation.
 * A dma-buf is a buffer shared between devices and processes as a file
 * descriptor; the descriptor itself is the object, so no handle is involved.
 * When the buffer is mapped with mmap(2), DMA_BUF_IOCTL_SYNC must bracket every
 * CPU access. Re-describes DMA_BUF_IOCTL_SYNC from linux/dma-buf.h; the struct
 * matches the kernel byte for byte on every Linux ABI AbiKit lays out (x86_64,
 * i386, x32, aarch64, arm, riscv64, ppc64le, s390x, m68k).
 *
 * Generated from dma-buf.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate` (in this repository:
 * `dotnet cake --target=Generate`).
 */
#ifndef ABIKIT_DMA_BUF_H
#define ABIKIT_DMA_BUF_H

#include <linux/types.h>
#include <linux/ioctl.h>

#if defined(__cplusplus)
extern "C" {
#endif

#define DMA_BUF_BASE 'b'

/*
 * flags dma_buf_sync_flags: Flags of DMA_BUF_IOCTL_SYNC: a direction (READ,
 * WRITE or both; at least one is required) and START or END.
 */
/* The CPU reads from the buffer. */
#define DMA_BUF_SYNC_READ (1 << 0)
/* The CPU writes to the buffer. */
#define DMA_BUF_SYNC_WRITE (2 << 0)
/* An alias for DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE. */
#define DMA_BUF_SYNC_RW (DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE)
/*
 * Begin CPU access (the absence of DMA_BUF_SYNC_END); written out for
 * readability.
 */
#define DMA_BUF_SYNC_START (0 << 2)
/* End CPU access, with the same read/write flags as the matching START. */
#define DMA_BUF_SYNC_END (1 << 2)
/* All flags this ABI version knows; others are rejected with EINVAL. */
#define DMA_BUF_SYNC_VALID_FLAGS_MASK \
	(DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE | DMA_BUF_SYNC_RW | \
	DMA_BUF_SYNC_END)

/**
 * struct dma_buf_sync - Argument of DMA_BUF_IOCTL_SYNC: synchronize with CPU
 *	access.
 * @flags: Set of access flags: DMA_BUF_SYNC_START or DMA_BUF_SYNC_END, combined
 *	with DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE or DMA_BUF_SYNC_RW. Type:
 *	dma_buf_sync_flags.
 */
struct dma_buf_sync {
	__u64 flags;
};

/*
 * DMA_BUF_IOCTL_SYNC - Brackets CPU access to a mapped dma-buf.
 * Before accessing the map, call it with DMA_BUF_SYNC_START and the read/write
 * flags; once done, call it with DMA_BUF_SYNC_END and the same flags. It only
 * provides cache coherency: it does not stop other processes or devices from
 * accessing the memory at the same time. Wait for device work first (poll(2) on
 * the dma-buf for implicit fences, or a sync_file) before START, and submit
 * device work only after END. The kernel keeps no START/END state: an END
 * without START, a nested START, or END with different flags is not detected.
 * Errors: EFAULT for an unreadable argument; EINVAL for unknown flag bits or
 * neither READ nor WRITE; errors of the exporter's begin/end_cpu_access
 * callbacks (e.g. EINTR).
 */
#define DMA_BUF_IOCTL_SYNC _IOW(DMA_BUF_BASE, 0x00, struct dma_buf_sync)

/*
 * DMA_BUF_SET_NAME_A - Names the dma-buf (for debugfs and fdinfo); the ioctl's
 *	argument is the address of a NUL-terminated name of at most
 *	DMA_BUF_NAME_LEN (32) bytes.
 * DMA_BUF_SET_NAME's size was botched (a native pointer): _A and _B are the
 * same request with a 4- and an 8-byte size, and the kernel accepts both.
 * Errors: EFAULT for an unreadable name, EINVAL for a name longer than 31
 * bytes, EBUSY while the buffer is attached.
 */
#define DMA_BUF_SET_NAME_A _IOW(DMA_BUF_BASE, 0x01, __u32)

/*
 * DMA_BUF_SET_NAME_B - DMA_BUF_SET_NAME_A with an 8-byte size: the same request
 *	on the same number.
 * Same number and direction as SET_NAME_A, with an argument of another size: a
 * request code of its own.
 */
#define DMA_BUF_SET_NAME_B _IOW(DMA_BUF_BASE, 0x01, __u64)

#if defined(__cplusplus)
}
#endif

#endif /* ABIKIT_DMA_BUF_H */
