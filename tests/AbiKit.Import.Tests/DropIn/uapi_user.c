/*
 * A program written against the real uapi headers (libdrm's drm.h, i915_drm.h, amdgpu_drm.h, msm_drm.h and
 * linux/udmabuf.h, linux/dma-buf.h): field access through unions, anonymous and inline members, flexible arrays,
 * typedef names, macros and request codes. ImportDropInTests compiles it unchanged against the originals and against the headers
 * AbiKit regenerates from the imported specs.
 */
#include <stddef.h>
#include "drm.h"
#include "i915_drm.h"
#include "amdgpu_drm.h"
#include "msm_drm.h"
#include <linux/udmabuf.h>
#include <linux/dma-buf.h>

unsigned long long uapi_user(struct udmabuf_create_list *list);

unsigned long long uapi_user(struct udmabuf_create_list *list)
{
	union drm_amdgpu_gem_create create = { .in = { .bo_size = 4096, .domains = AMDGPU_GEM_DOMAIN_VRAM,
		.domain_flags = AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED | AMDGPU_GEM_CREATE_VRAM_CLEARED } };
	union drm_amdgpu_ctx_out ctx;
	struct drm_amdgpu_cs_chunk_data chunk;
	struct drm_i915_gem_exec_object2 object;
	struct drm_gem_close gem_close = { .handle = create.out.handle };
	struct dma_buf_sync sync = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	struct drm_mode_fb_cmd2 fb = { .width = 64, .height = 64, .handles = { 1, 0, 0, 0 } };
	struct drm_msm_gem_new msm = { .size = 4096, .flags = MSM_BO_WC };
	struct drm_version version = { .name_len = 0 };
	drm_context_t context = 7;		/* typedef of a scalar */
	drm_clip_rect_t clip = { .x1 = 1 };	/* typedef of a tag */
	drm_i915_getparam_t param = { .param = I915_PARAM_CHIPSET_ID };

	ctx.alloc.ctx_id = 1;
	object.rsvd1 = 0;		/* anonymous union member */
	object.pad_to_size = 4096;	/* the same bytes */
	chunk.fence_data.handle = 2;	/* anonymous union member of a struct */
	list->flags = UDMABUF_FLAGS_CLOEXEC;
	list->count = 1;
	list->list[0].memfd = 3;	/* flexible array */
	list->list[0].size = 4096;

	return DRM_IOCTL_AMDGPU_GEM_CREATE + DRM_IOCTL_I915_GEM_EXECBUFFER2 + DRM_IOCTL_GEM_CLOSE + DRM_IOCTL_MODE_ADDFB2
		+ DRM_IOCTL_MSM_GEM_NEW + UDMABUF_CREATE_LIST + DMA_BUF_IOCTL_SYNC + DRM_IOCTL_VERSION
		+ gem_close.handle + sync.flags + fb.width + fb.handles[0] + msm.flags + version.name_len
		+ ctx.alloc.ctx_id + object.pad_to_size + chunk.fence_data.handle
		+ sizeof(list->list[0]) + offsetof(struct udmabuf_create_list, list)
		+ sizeof(struct drm_i915_gem_exec_object2) + sizeof(union drm_amdgpu_gem_create)
		+ DRM_COMMAND_BASE + I915_EXEC_RENDER + DRM_CAP_DUMB_BUFFER
		+ context + clip.x1 + (unsigned int)param.param + DRM_IOCTL_I915_GETPARAM + sizeof(drm_handle_t);
}
