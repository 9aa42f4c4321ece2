using Bot.Handoff;
using Microsoft.AspNetCore.DataProtection;

namespace Bot.Storage;

/// <summary>
/// Small secrets every instance must agree on, kept in PostgreSQL: the first instance's value wins. Each is stored
/// encrypted with the key ring, so with Storage:KeyRingCertificate set a copy of the database alone holds none of
/// them (a value stored plainly by an older version is still read).
/// </summary>
public static class SharedKeys
{
    public const string ContactIndex = "contact-index";

    private const string Protected = "dp1:";

    /// <summary>Stores <paramref name="candidate"/> unless a value is there already, then returns whichever is.</summary>
    public static async Task<string> GetOrAddAsync(HandoffDatabase database, IDataProtectionProvider protection, string name, string candidate, CancellationToken cancellationToken)
    {
        var protector = protection.CreateProtector("shared-keys", name);
        await using var connection = await database.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, null,
            "INSERT INTO shared_keys (name, value, created_at) VALUES (@name, @value, @at) ON CONFLICT (name) DO NOTHING",
            ("name", name), ("value", Protected + protector.Protect(candidate)), ("at", DateTimeOffset.UtcNow.Millis()));
        var stored = (string)(await Sql.ScalarAsync(connection, null, "SELECT value FROM shared_keys WHERE name = @name", ("name", name)))!;
        return stored.StartsWith(Protected, StringComparison.Ordinal) ? protector.Unprotect(stored[Protected.Length..]) : stored;
    }
}
