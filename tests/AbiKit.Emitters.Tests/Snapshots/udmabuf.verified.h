/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * udmabuf.h - udmabuf: turns ranges of memfd-backed memory into a dma-buf.
 * Re-describes linux/udmabuf.h; UDMABUF_CREATE_LIST's argument ends in a
 * flexible array of items, so the caller passes the struct followed by count
 * items while the request code carries only the struct's size, and the kernel
 * copies the items by count. Both ioctls return the new dma-buf's file
 * descriptor as their result (returns: fd), and the generated dispatcher copies
 * CREATE_LIST's items after the struct by count, at most list_limit's default
 * 1024. Layouts and request codes match the kernel's header on every Linux ABI
 * AbiKit lays out.
 *
 * Generated from udmabuf.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate` (in this repository:
 * `dotnet cake --target=Generate`).
 */
#ifndef ABIKIT_UDMABUF_H
#define ABIKIT_UDMABUF_H

#include <linux/types.h>
#include <linux/ioctl.h>

#if defined(__cplusplus)
extern "C" {
#endif

/* flags udmabuf_flags: Flags of the new dma-buf file descriptor. */
/* Open the dma-buf with O_CLOEXEC. */
#define UDMABUF_FLAGS_CLOEXEC 0x01

/**
 * struct udmabuf_create - One memfd range to turn into a dma-buf.
 * @memfd: A memfd sealed against shrinking (F_SEAL_SHRINK), without
 *	F_SEAL_WRITE.
 * @flags: Flags of the new descriptor. Type: udmabuf_flags.
 * @offset: Start of the range in the memfd, page aligned.
 * @size: Length of the range, page aligned.
 */
struct udmabuf_create {
	__u32 memfd;
	__u32 flags;
	__u64 offset;
	__u64 size;
};

/**
 * struct udmabuf_create_item - One memfd range of a UDMABUF_CREATE_LIST.
 * @memfd: A memfd sealed against shrinking (F_SEAL_SHRINK), without
 *	F_SEAL_WRITE.
 * @__pad: Must be zero.
 * @offset: Start of the range in the memfd, page aligned.
 * @size: Length of the range, page aligned.
 */
struct udmabuf_create_item {
	__u32 memfd;
	__u32 __pad;
	__u64 offset;
	__u64 size;
};

/**
 * struct udmabuf_create_list - Several memfd ranges to turn into one dma-buf,
 *	in order.
 * @flags: Flags of the new descriptor. Type: udmabuf_flags.
 * @count: Number of items in list (at most list_limit, a module parameter: 1024
 *	by default).
 * @list: The ranges.
 */
struct udmabuf_create_list {
	__u32 flags;
	__u32 count;
	struct udmabuf_create_item list[];
};

/*
 * UDMABUF_CREATE - Creates a dma-buf of one memfd range; the result is its file
 *	descriptor.
 * Errors: EINVAL for an unaligned range or a memfd without F_SEAL_SHRINK or
 * with F_SEAL_WRITE.
 * Returns: a new file descriptor on success.
 */
#define UDMABUF_CREATE _IOW('u', 0x42, struct udmabuf_create)

/*
 * UDMABUF_CREATE_LIST - Creates a dma-buf of several memfd ranges; the result
 *	is its file descriptor.
 * Errors: EINVAL for count 0 or above list_limit, or any item as for
 * UDMABUF_CREATE.
 * Returns: a new file descriptor on success.
 */
#define UDMABUF_CREATE_LIST _IOW('u', 0x43, struct udmabuf_create_list)

#if defined(__cplusplus)
}
#endif

#endif /* ABIKIT_UDMABUF_H */
