using System.Text.Json;
using AlignLab.Server.OpenAi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AlignLab.Server.Profiles;

/// <summary>
/// Reads the context and profile a request asks for (issue 19 item 6): the <c>X-AlignLab-Profile</c> and
/// <c>X-AlignLab-Context</c> headers, or OpenAI's <c>metadata</c> object (<c>{"alignlab_profile": "child_safe",
/// "alignlab_context": "educational"}</c>; its other keys are the caller's and ignored). A header wins over the metadata
/// field of the same name, so a proxy in front of the gateway can pin the profile of its tenants without rewriting
/// bodies. A name must be 1 to <see cref="MaxNameLength"/> printable ASCII characters; anything else (control
/// characters, bytes that were not ASCII, an empty or repeated header) is a 400 that does not echo the value.
/// </summary>
internal static class RequestSelectionReader
{
    /// <summary>The header choosing a profile.</summary>
    public const string ProfileHeader = "X-AlignLab-Profile";

    /// <summary>The header choosing a context.</summary>
    public const string ContextHeader = "X-AlignLab-Context";

    /// <summary>The <c>metadata</c> key choosing a profile.</summary>
    public const string ProfileMetadata = "alignlab_profile";

    /// <summary>The <c>metadata</c> key choosing a context.</summary>
    public const string ContextMetadata = "alignlab_context";

    /// <summary>The longest name accepted (constitution context and profile names are short identifiers).</summary>
    public const int MaxNameLength = 64;

    /// <summary>
    /// The selection of a request whose JSON body is <paramref name="root"/> (null for a request without one): its
    /// headers, else its <c>metadata</c>. Throws <see cref="RequestBodyException"/> (a 400 naming the header or field).
    /// </summary>
    public static RequestSelection Read(HttpRequest request, JsonElement? root)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = Header(request, ContextHeader);
        var profile = Header(request, ProfileHeader);
        var fromHeader = context is not null || profile is not null;
        string? metaContext = null;
        string? metaProfile = null;
        if (root is { ValueKind: JsonValueKind.Object } body && RequestFields.TryGet(body, "metadata", out var metadata))
        {
            if (metadata.ValueKind != JsonValueKind.Object)
            {
                throw new RequestBodyException($"'metadata' must be an object of strings, not {RequestFields.Kind(metadata)}", "metadata");
            }

            metaContext = Metadata(metadata, ContextMetadata);
            metaProfile = Metadata(metadata, ProfileMetadata);
        }

        context ??= metaContext;
        profile ??= metaProfile;
        if (context is null && profile is null)
        {
            return RequestSelection.None;
        }

        var fromMetadata = metaContext is not null || metaProfile is not null;
        var source = fromHeader && fromMetadata ? "header+metadata" : fromHeader ? "header" : "metadata";
        return new RequestSelection(context, profile, source);
    }

    /// <summary>Where a name came from, for <c>param</c> in errors: the header's name, or <c>metadata.alignlab_…</c>.</summary>
    public static string ParamFor(HttpRequest request, bool isProfile)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = isProfile ? ProfileHeader : ContextHeader;
        return request.Headers.ContainsKey(header) ? header : "metadata." + (isProfile ? ProfileMetadata : ContextMetadata);
    }

    private static string? Header(HttpRequest request, string name)
    {
        if (!request.Headers.TryGetValue(name, out StringValues values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            throw new RequestBodyException($"send the {name} header at most once (it came {values.Count} times)", name);
        }

        return Validated(values[0] ?? string.Empty, name, $"the {name} header");
    }

    private static string? Metadata(JsonElement metadata, string key)
    {
        var param = "metadata." + key;
        return RequestFields.String(metadata, key, param) is { } value ? Validated(value, param, $"'{param}'") : null;
    }

    /// <summary>The name when it is 1 to <see cref="MaxNameLength"/> printable ASCII characters; otherwise a 400 that does not repeat it.</summary>
    internal static string Validated(string value, string param, string what)
    {
        if (value.Length == 0)
        {
            throw new RequestBodyException($"{what} is empty: leave it out for the default, or name a profile or context", param);
        }

        if (value.Length > MaxNameLength)
        {
            throw new RequestBodyException($"{what} is {value.Length:N0} characters long; a name has at most {MaxNameLength}", param);
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] is < '!' or > '~')
            {
                throw new RequestBodyException(
                    $"{what} holds a character that is not printable ASCII (U+{(int)value[i]:X4} at position {i + 1}); "
                    + "names are ASCII identifiers such as child_safe",
                    param);
            }
        }

        return value;
    }
}
