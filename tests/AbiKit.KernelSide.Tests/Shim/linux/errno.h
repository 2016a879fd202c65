/* SPDX-License-Identifier: MIT */
/* The shim's errno constants: the kernel's uapi ones (asm/errno.h), as the C library uses them. */
#ifndef ABIKIT_SHIM_LINUX_ERRNO_H
#define ABIKIT_SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif
