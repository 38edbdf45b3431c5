namespace AlignLab.Server.Security;

/// <summary>The names of <see cref="ApiScopes"/> as written in a gateway file and shown in errors.</summary>
public static class ApiScopeNames
{
    /// <summary>The names a gateway file accepts, in order.</summary>
    public static IReadOnlyList<string> Known { get; } = ["inference", "review", "admin"];

    /// <summary>The scope of one name, or null for an unknown name.</summary>
    public static ApiScopes? Parse(string name) => name switch
    {
        "inference" => ApiScopes.Inference,
        "review" => ApiScopes.Review,
        "admin" => ApiScopes.Admin,
        _ => null,
    };

    /// <summary>The names of the scopes in a set, comma-separated (<c>none</c> for the empty set).</summary>
    public static string Format(ApiScopes scopes)
    {
        var names = Known.Where(n => (scopes & Parse(n)!.Value) != 0).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    /// <summary>Whether a caller holding <paramref name="held"/> may use an endpoint that requires <paramref name="required"/>.
    /// <see cref="ApiScopes.Admin"/> implies <see cref="ApiScopes.Review"/>.</summary>
    public static bool Allows(ApiScopes held, ApiScopes required)
    {
        if ((held & ApiScopes.Admin) != 0)
        {
            held |= ApiScopes.Review;
        }

        return (held & required) == required;
    }
}
