/* SPDX-License-Identifier: MIT */
/*
 * amdgpu_drm.h - amdgpu GEM buffer objects: create, map, map into the GPU
 *	address space and wait.
 * Re-describes DRM_IOCTL_AMDGPU_GEM_CREATE, GEM_MMAP, GEM_VA (whose flags hold
 * the multi-bit MTYPE field) and GEM_WAIT_IDLE from the kernel's amdgpu_drm.h,
 * whose arguments are unions of an input struct and an output struct: the
 * kernel reads the in member and overwrites the same bytes with the out member.
 * Layouts and request codes match the kernel's header on every Linux ABI AbiKit
 * lays out.
 *
 * Generated from amdgpu.abi.json by AbiKit - do not edit.
 * Regenerate with `abikit generate` (in this repository:
 * `dotnet cake --target=Generate`).
 */
#ifndef ABIKIT_AMDGPU_DRM_H
#define ABIKIT_AMDGPU_DRM_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include "drm_core.h"

#if defined(__cplusplus)
extern "C" {
#endif

/* constants: named values, such as array lengths. */
/* Entries of the VCE clock table. */
#define AMDGPU_VCE_CLOCK_TABLE_ENTRIES 6

/* enum amdgpu_va_op: What DRM_IOCTL_AMDGPU_GEM_VA does with the range. */
/* Map the object's range at va_address. */
#define AMDGPU_VA_OP_MAP 1
/* Unmap it. */
#define AMDGPU_VA_OP_UNMAP 2
/* Unmap everything in the range, whichever object is mapped there. */
#define AMDGPU_VA_OP_CLEAR 3
/* Replace whatever is mapped in the range by the object's range. */
#define AMDGPU_VA_OP_REPLACE 4

/*
 * flags amdgpu_vm_flags: Mapping flags of DRM_IOCTL_AMDGPU_GEM_VA: single-bit
 * page permissions and the memory type (MTYPE, bits 5 to 8), a field holding
 * one of its values.
 */
/* Delay the page table update till the next CS. */
#define AMDGPU_VM_DELAY_UPDATE (1 << 0)
/* Readable mapping. */
#define AMDGPU_VM_PAGE_READABLE (1 << 1)
/* Writable mapping. */
#define AMDGPU_VM_PAGE_WRITEABLE (1 << 2)
/* Executable mapping, new for VI. */
#define AMDGPU_VM_PAGE_EXECUTABLE (1 << 3)
/* Partially resident texture. */
#define AMDGPU_VM_PAGE_PRT (1 << 4)
/*
 * Bits of field AMDGPU_VM_MTYPE: The memory type of the mapping (MTYPE flags
 * use bit 5 to 8).; holds one of the values below.
 */
#define AMDGPU_VM_MTYPE_MASK (0xf << 5)
/* Default MTYPE. Pre-AI must use this. Recommended for newer ASICs. */
#define AMDGPU_VM_MTYPE_DEFAULT (0 << 5)
/* Use Non Coherent MTYPE instead of default MTYPE. */
#define AMDGPU_VM_MTYPE_NC (1 << 5)
/* Use Write Combine MTYPE instead of default MTYPE. */
#define AMDGPU_VM_MTYPE_WC (2 << 5)
/* Use Cache Coherent MTYPE instead of default MTYPE. */
#define AMDGPU_VM_MTYPE_CC (3 << 5)
/* Use UnCached MTYPE instead of default MTYPE. */
#define AMDGPU_VM_MTYPE_UC (4 << 5)
/* Use Read Write MTYPE instead of default MTYPE. */
#define AMDGPU_VM_MTYPE_RW (5 << 5)

/* flags amdgpu_gem_domain: Memory domains a buffer object may be placed in. */
/* System memory that is not GPU accessible. */
#define AMDGPU_GEM_DOMAIN_CPU 0x1
/*
 * GPU accessible system memory, mapped into the GPU's virtual address space via
 * gart.
 */
#define AMDGPU_GEM_DOMAIN_GTT 0x2
/* Local video memory. */
#define AMDGPU_GEM_DOMAIN_VRAM 0x4
/* Global on-chip data storage used to share data across shader threads. */
#define AMDGPU_GEM_DOMAIN_GDS 0x8
/*
 * Global wave sync, used to synchronize the execution of all the waves on a
 * device.
 */
#define AMDGPU_GEM_DOMAIN_GWS 0x10
/* Ordered append, used by 3D or Compute engines for appending data. */
#define AMDGPU_GEM_DOMAIN_OA 0x20
/* All flags this ABI version knows; others are rejected with EINVAL. */
#define AMDGPU_GEM_DOMAIN_MASK \
	(AMDGPU_GEM_DOMAIN_CPU | AMDGPU_GEM_DOMAIN_GTT | \
	AMDGPU_GEM_DOMAIN_VRAM | AMDGPU_GEM_DOMAIN_GDS | \
	AMDGPU_GEM_DOMAIN_GWS | AMDGPU_GEM_DOMAIN_OA)

/*
 * flags amdgpu_gem_create_flags: Allocation flags of
 * DRM_IOCTL_AMDGPU_GEM_CREATE.
 */
/*
 * The CPU must be able to access the object (VRAM placement within the
 * CPU-visible window).
 */
#define AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED (1 << 0)
/* The CPU never accesses the object. */
#define AMDGPU_GEM_CREATE_NO_CPU_ACCESS (1 << 1)
/* Map GTT memory write-combined. */
#define AMDGPU_GEM_CREATE_CPU_GTT_USWC (1 << 2)
/* Clear the VRAM before first use. */
#define AMDGPU_GEM_CREATE_VRAM_CLEARED (1 << 3)
/* Allocate physically contiguous VRAM. */
#define AMDGPU_GEM_CREATE_VRAM_CONTIGUOUS (1 << 5)
/* The object is always valid in this process's GPU virtual memory. */
#define AMDGPU_GEM_CREATE_VM_ALWAYS_VALID (1 << 6)
/* Do not implicitly synchronise on the object's fences. */
#define AMDGPU_GEM_CREATE_EXPLICIT_SYNC (1 << 7)
/* The object holds a GFX9 compute queue descriptor (kernel-internal use). */
#define AMDGPU_GEM_CREATE_CP_MQD_GFX9 (1 << 8)
/* Wipe the VRAM when the object is released. */
#define AMDGPU_GEM_CREATE_VRAM_WIPE_ON_RELEASE (1 << 9)
/* Allocate in TMZ (encrypted) memory. */
#define AMDGPU_GEM_CREATE_ENCRYPTED (1 << 10)
/* The object can be preempted and does not need GTT memory accounting. */
#define AMDGPU_GEM_CREATE_PREEMPTIBLE (1 << 11)

/**
 * struct drm_amdgpu_gem_va - The argument of DRM_IOCTL_AMDGPU_GEM_VA: maps a
 *	range of an object into the GPU virtual address space.
 * @handle: GEM object handle. Type: gem_handle.
 * @_pad: Must be zero.
 * @operation: AMDGPU_VA_OP_*. Type: amdgpu_va_op.
 * @flags: AMDGPU_VM_PAGE_* and one AMDGPU_VM_MTYPE_*. Type: amdgpu_vm_flags.
 * @va_address: VA address to assign. Must be correctly aligned.
 * @offset_in_bo: Offset inside the object to map. Must be correctly aligned.
 * @map_size: Mapping size. Must be correctly aligned.
 */
struct drm_amdgpu_gem_va {
	__u32 handle;
	__u32 _pad;
	__u32 operation;
	__u32 flags;
	__u64 va_address;
	__u64 offset_in_bo;
	__u64 map_size;
};

/**
 * struct drm_amdgpu_gem_create_in - What DRM_IOCTL_AMDGPU_GEM_CREATE reads.
 * @bo_size: The requested memory size.
 * @alignment: Physical start address alignment in bytes for some hardware
 *	requirements.
 * @domains: The requested memory domains. Type: amdgpu_gem_domain.
 * @domain_flags: Allocation flags. Type: amdgpu_gem_create_flags.
 */
struct drm_amdgpu_gem_create_in {
	__u64 bo_size;
	__u64 alignment;
	__u64 domains;
	__u64 domain_flags;
};

/**
 * struct drm_amdgpu_gem_create_out - What DRM_IOCTL_AMDGPU_GEM_CREATE returns.
 * @handle: The new object's handle. (out) Type: gem_handle.
 * @_pad: Must be zero. (out)
 */
struct drm_amdgpu_gem_create_out {
	__u32 handle;
	__u32 _pad;
};

/**
 * union drm_amdgpu_gem_create - The argument of DRM_IOCTL_AMDGPU_GEM_CREATE:
 *	the kernel reads in and overwrites it with out.
 * @in: The request.
 * @out: The result. (out)
 */
union drm_amdgpu_gem_create {
	struct drm_amdgpu_gem_create_in in;
	struct drm_amdgpu_gem_create_out out;
};

/**
 * struct drm_amdgpu_gem_mmap_in - What DRM_IOCTL_AMDGPU_GEM_MMAP reads.
 * @handle: The GEM object handle. Type: gem_handle.
 * @_pad: Must be zero.
 */
struct drm_amdgpu_gem_mmap_in {
	__u32 handle;
	__u32 _pad;
};

/**
 * struct drm_amdgpu_gem_mmap_out - What DRM_IOCTL_AMDGPU_GEM_MMAP returns.
 * @addr_ptr: The fake offset to pass to mmap(2) on the DRM file, from the vma
 *	offset manager. (out)
 */
struct drm_amdgpu_gem_mmap_out {
	__u64 addr_ptr;
};

/**
 * union drm_amdgpu_gem_mmap - The argument of DRM_IOCTL_AMDGPU_GEM_MMAP.
 * @in: The request.
 * @out: The result. (out)
 */
union drm_amdgpu_gem_mmap {
	struct drm_amdgpu_gem_mmap_in in;
	struct drm_amdgpu_gem_mmap_out out;
};

/**
 * struct drm_amdgpu_gem_wait_idle_in - What DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE
 *	reads.
 * @handle: The GEM object handle. Type: gem_handle.
 * @flags: For future use, no flags defined so far. Must be zero.
 * @timeout: Absolute timeout to wait, in nanoseconds.
 */
struct drm_amdgpu_gem_wait_idle_in {
	__u32 handle;
	__u32 flags;
	__u64 timeout;
};

/**
 * struct drm_amdgpu_gem_wait_idle_out - What DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE
 *	returns.
 * @status: 0: the object is idle; 1: it is busy. (out)
 * @domain: The object's current memory domain. (out)
 */
struct drm_amdgpu_gem_wait_idle_out {
	__u32 status;
	__u32 domain;
};

/**
 * union drm_amdgpu_gem_wait_idle - The argument of
 *	DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE.
 * @in: The request.
 * @out: The result. (out)
 */
union drm_amdgpu_gem_wait_idle {
	struct drm_amdgpu_gem_wait_idle_in in;
	struct drm_amdgpu_gem_wait_idle_out out;
};

/**
 * struct drm_amdgpu_ctx_in - What DRM_IOCTL_AMDGPU_CTX reads.
 * @op: AMDGPU_CTX_OP_*: 1 allocates, 2 frees, 3 and 4 query the reset state, 5
 *	and 6 get and set the stable power state.
 * @flags: Flags of the operation (AMDGPU_CTX_STABLE_PSTATE_* for
 *	SET_STABLE_PSTATE).
 * @ctx_id: The context, for every operation but ALLOC_CTX.
 * @priority: AMDGPU_CTX_PRIORITY_*, from -1023 (very low) to 1023 (very high).
 */
struct drm_amdgpu_ctx_in {
	__u32 op;
	__u32 flags;
	__u32 ctx_id;
	__s32 priority;
};

/**
 * union drm_amdgpu_ctx_out - What DRM_IOCTL_AMDGPU_CTX returns; which member
 *	depends on the operation.
 * @alloc: The result of AMDGPU_CTX_OP_ALLOC_CTX. (out)
 * @alloc.ctx_id: The new context. (out)
 * @alloc._pad: Must be zero. (out)
 * @state: The result of AMDGPU_CTX_OP_QUERY_STATE and QUERY_STATE2. (out)
 * @state.flags: For future use, no flags defined so far. Must be zero. (out)
 * @state.hangs: Number of resets caused by this context so far. (out)
 * @state.reset_status: Reset status since the last call of the ioctl. (out)
 * @pstate: The result of AMDGPU_CTX_OP_GET_STABLE_PSTATE. (out)
 * @pstate.flags: AMDGPU_CTX_STABLE_PSTATE_*. (out)
 * @pstate._pad: Must be zero. (out)
 */
union drm_amdgpu_ctx_out {
	struct {
		__u32 ctx_id;
		__u32 _pad;
	} alloc;
	struct {
		__u64 flags;
		__u32 hangs;
		__u32 reset_status;
	} state;
	struct {
		__u32 flags;
		__u32 _pad;
	} pstate;
};

/**
 * union drm_amdgpu_ctx - The argument of DRM_IOCTL_AMDGPU_CTX.
 * @in: The request.
 * @out: The result. (out)
 */
union drm_amdgpu_ctx {
	struct drm_amdgpu_ctx_in in;
	union drm_amdgpu_ctx_out out;
};

/**
 * struct drm_amdgpu_info_vce_clock_table_entry - One VCE clock setting.
 * @sclk: System clock. (out)
 * @mclk: Memory clock. (out)
 * @eclk: VCE clock. (out)
 * @pad: Must be zero. (out)
 */
struct drm_amdgpu_info_vce_clock_table_entry {
	__u32 sclk;
	__u32 mclk;
	__u32 eclk;
	__u32 pad;
};

/**
 * struct drm_amdgpu_info_vce_clock_table - The VCE clock table, as
 *	AMDGPU_INFO_VCE_CLOCK_TABLE returns it.
 * @entries: The settings; the first num_valid_entries are valid. (out)
 * @num_valid_entries: How many entries are valid. (out)
 * @pad: Must be zero. (out)
 */
struct drm_amdgpu_info_vce_clock_table {
	struct drm_amdgpu_info_vce_clock_table_entry entries[AMDGPU_VCE_CLOCK_TABLE_ENTRIES];
	__u32 num_valid_entries;
	__u32 pad;
};

/**
 * struct drm_amdgpu_cs_chunk_ib - An indirect buffer to execute, one chunk of a
 *	command submission.
 * @_pad: Must be zero.
 * @flags: AMDGPU_IB_FLAG_*.
 * @va_start: Virtual address to begin IB execution.
 * @ib_bytes: Size of submission.
 * @ip_type: Hardware IP to submit to.
 * @ip_instance: Hardware IP index of the same type to submit to.
 * @ring: Ring index to submit to.
 */
struct drm_amdgpu_cs_chunk_ib {
	__u32 _pad;
	__u32 flags;
	__u64 va_start;
	__u32 ib_bytes;
	__u32 ip_type;
	__u32 ip_instance;
	__u32 ring;
};

/**
 * struct drm_amdgpu_cs_chunk_fence - A fence chunk of a command submission.
 * @handle: The buffer object the fence is written to. Type: gem_handle.
 * @offset: Offset of the fence in that object.
 */
struct drm_amdgpu_cs_chunk_fence {
	__u32 handle;
	__u32 offset;
};

/**
 * struct drm_amdgpu_cs_chunk_data - The data of one command submission chunk:
 *	an indirect buffer or a fence, as an anonymous union.
 * @ib_data: An AMDGPU_CHUNK_ID_IB chunk.
 * @fence_data: An AMDGPU_CHUNK_ID_FENCE chunk.
 */
struct drm_amdgpu_cs_chunk_data {
	union {
		struct drm_amdgpu_cs_chunk_ib ib_data;
		struct drm_amdgpu_cs_chunk_fence fence_data;
	};
};

#define DRM_AMDGPU_CTX 0x02
#define DRM_AMDGPU_GEM_CREATE 0x00
#define DRM_AMDGPU_GEM_MMAP 0x01
#define DRM_AMDGPU_GEM_VA 0x08
#define DRM_AMDGPU_GEM_WAIT_IDLE 0x07

/*
 * DRM_IOCTL_AMDGPU_CTX - Allocates, frees or queries a GPU context, by in.op.
 * Errors: EINVAL for an unknown operation, ENOENT for an unknown context.
 * Permissions: DRM_AUTH | DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_AMDGPU_CTX \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDGPU_CTX, union drm_amdgpu_ctx)

/*
 * DRM_IOCTL_AMDGPU_GEM_CREATE - Creates a buffer object and returns its handle
 *	in out.handle.
 * Permissions: DRM_AUTH | DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_AMDGPU_GEM_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDGPU_GEM_CREATE, union drm_amdgpu_gem_create)

/*
 * DRM_IOCTL_AMDGPU_GEM_MMAP - Returns the fake offset at which mmap(2) on the
 *	DRM file maps the object.
 * Errors: ENOENT for an unknown handle.
 * Permissions: DRM_AUTH | DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_AMDGPU_GEM_MMAP \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDGPU_GEM_MMAP, union drm_amdgpu_gem_mmap)

/*
 * DRM_IOCTL_AMDGPU_GEM_VA - Maps, unmaps or replaces a range of an object in
 *	the GPU virtual address space.
 * Errors: EINVAL for unknown flags or an unknown operation, ENOENT for an
 * unknown handle. AbiKit's dispatcher also rejects MTYPE values the header does
 * not define (the kernel leaves them to the ASIC).
 * Permissions: DRM_AUTH | DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_AMDGPU_GEM_VA \
	DRM_IOW(DRM_COMMAND_BASE + DRM_AMDGPU_GEM_VA, struct drm_amdgpu_gem_va)

/*
 * DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE - Waits until the GPU no longer uses the
 *	object or the timeout passes.
 * Errors: ENOENT for an unknown handle.
 * Permissions: DRM_AUTH | DRM_RENDER_ALLOW.
 */
#define DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDGPU_GEM_WAIT_IDLE, union drm_amdgpu_gem_wait_idle)

#if defined(__cplusplus)
}
#endif

#endif /* ABIKIT_AMDGPU_DRM_H */
