using Bot.Handoff;

namespace Bot.Storage;

/// <summary>Small secrets every instance must agree on, kept in PostgreSQL: the first instance's value wins.</summary>
public static class SharedKeys
{
    public const string ContactIndex = "contact-index";

    /// <summary>Stores <paramref name="candidate"/> unless a value is there already, then returns whichever is.</summary>
    public static async Task<string> GetOrAddAsync(HandoffDatabase database, string name, string candidate, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, null,
            "INSERT INTO shared_keys (name, value, created_at) VALUES (@name, @value, @at) ON CONFLICT (name) DO NOTHING",
            ("name", name), ("value", candidate), ("at", DateTimeOffset.UtcNow.Millis()));
        return (string)(await Sql.ScalarAsync(connection, null, "SELECT value FROM shared_keys WHERE name = @name", ("name", name)))!;
    }
}
