using Bot.Handoff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Bot.Staff;

/// <summary>
/// Staff sessions kept in the database, the cookie holding only a random key: signing out deletes the row, so a
/// cookie copied before sign-out opens nothing, and every instance sees the same sessions. A session ends after
/// <see cref="StaffOptions.SessionLifetime"/> idle or <see cref="StaffOptions.SessionMaxLifetime"/> in all.
/// </summary>
public sealed class StaffSessionStore(HandoffDatabase database, IOptions<StaffOptions> options, TimeProvider time) : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            // Expired sessions go as new ones come, which is often enough for a table this small.
            await Sql.ExecuteAsync(connection, transaction, "DELETE FROM staff_sessions WHERE expires_at < @now OR ends_at < @now", ("now", now.Millis()));
            return await Sql.ExecuteAsync(connection, transaction,
                "INSERT INTO staff_sessions (id, user_name, ticket, created_at, expires_at, ends_at) VALUES (@id, @user, @ticket, @now, @expires, @ends)",
                ("id", key), ("user", ticket.Principal.Identity?.Name ?? ""), ("ticket", Serialize(ticket)), ("now", now.Millis()),
                ("expires", (now + options.Value.SessionLifetime).Millis()), ("ends", (now + options.Value.SessionMaxLifetime).Millis()));
        }, CancellationToken.None);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        var now = time.GetUtcNow();
        await database.InTransactionAsync((connection, transaction) => Sql.ExecuteAsync(connection, transaction,
            "UPDATE staff_sessions SET ticket = @ticket, expires_at = @expires WHERE id = @id AND ends_at > @now",
            ("id", key), ("ticket", Serialize(ticket)), ("expires", (now + options.Value.SessionLifetime).Millis()), ("now", now.Millis())),
            CancellationToken.None);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var now = time.GetUtcNow().Millis();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var ticket = await Sql.ScalarAsync(connection, null,
            "SELECT ticket FROM staff_sessions WHERE id = @id AND expires_at > @now AND ends_at > @now", ("id", key), ("now", now)) as string;
        return ticket is null ? null : TicketSerializer.Default.Deserialize(Convert.FromBase64String(ticket));
    }

    public async Task RemoveAsync(string key) =>
        await database.InTransactionAsync((connection, transaction) =>
            Sql.ExecuteAsync(connection, transaction, "DELETE FROM staff_sessions WHERE id = @id", ("id", key)), CancellationToken.None);

    private static string Serialize(AuthenticationTicket ticket) => Convert.ToBase64String(TicketSerializer.Default.Serialize(ticket));
}

/// <summary>Puts the database store under the staff cookie.</summary>
internal sealed class StaffSessionStoreSetup(StaffSessionStore store) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name == StaffSignIn.Scheme)
        {
            options.SessionStore = store;
        }
    }
}
