/* SPDX-License-Identifier: MIT */
/*
 * The user-space shim the generated validation functions are compiled against for the differential check:
 * the uapi types come from the system's <linux/types.h>; the kernel's own names are added here.
 */
#ifndef ABIKIT_SHIM_LINUX_TYPES_H
#define ABIKIT_SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#endif
