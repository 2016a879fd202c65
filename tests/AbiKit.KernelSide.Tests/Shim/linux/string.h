/* SPDX-License-Identifier: MIT */
/* The shim's <linux/string.h>: the C library's string functions and the kernel's memchr_inv(). */
#ifndef ABIKIT_SHIM_LINUX_STRING_H
#define ABIKIT_SHIM_LINUX_STRING_H

#include <stddef.h>
#include <string.h>

/* The first byte of [start, start + bytes) that is not c, or NULL (lib/string.c). */
static inline void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;
	size_t i;

	for (i = 0; i < bytes; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

#endif
