using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI312: DRM_AUTH without DRM_RENDER_ALLOW keeps an ioctl from render nodes.</summary>
    internal sealed class AuthWithoutRenderRule : IIoctlRule
    {
        public void Check(LintContext context, AbiIoctl io, AbiStruct? arg, IoctlSource at)
        {
            if ((io.Permissions & IoctlPermissions.Auth) != 0 && (io.Permissions & IoctlPermissions.RenderAllow) == 0 && !at.Allows(DiagnosticCatalog.AuthWithoutRender.Id))
                context.Report(DiagnosticCatalog.AuthWithoutRender, at.Name,
                    $"{io.Name} requires DRM_AUTH but not DRM_RENDER_ALLOW, so render nodes cannot use it; drm_ioctl.h says RENDER_ALLOW should always accompany AUTH for rendering ioctls");
        }
    }
}
