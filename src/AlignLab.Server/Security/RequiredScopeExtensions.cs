using Microsoft.AspNetCore.Builder;

namespace AlignLab.Server.Security;

/// <summary><c>.RequireScope(ApiScopes.Admin)</c> on a mapped endpoint.</summary>
public static class RequiredScopeExtensions
{
    /// <summary>Declares the scope a caller needs for this endpoint.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ApiScopes scope)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(b => b.Metadata.Add(new RequiredScope(scope)));
        return builder;
    }
}
