using System.Data.Common;
using System.Security.Cryptography;

namespace Bot.Handoff;

/// <summary>
/// Removes requests for good: closed ones past retention, and every request of one visitor on request (erasure).
/// A request goes with its transcript (stored in the row), notes and outbox jobs; the audit log keeps only who,
/// the action and the reference. Every delete is idempotent, so instances running this together agree.
/// </summary>
public sealed class HandoffDeletion(HandoffDatabase database, HandoffProtector protector, ContactIndex index)
{
    private const int BatchSize = 100;

    /// <summary>Closed and spam requests whose last status change is before <paramref name="cutoff"/>; returns how many went.</summary>
    public async Task<int> PurgeClosedAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            // SKIP LOCKED on PostgreSQL: a second instance purging at the same moment takes other rows, not the same ones.
            var purged = await database.InTransactionAsync(async (connection, transaction) =>
            {
                var victims = await SelectAsync(connection, transaction,
                    "SELECT id, reference FROM handoff_requests WHERE status IN (@closed, @spam) AND updated_at < @cutoff " +
                    $"ORDER BY updated_at LIMIT {BatchSize} {database.SkipLocked}", ct,
                    ("closed", HandoffStatus.Closed), ("spam", HandoffStatus.Spam), ("cutoff", cutoff.Millis()));
                foreach (var (id, reference) in victims)
                {
                    await DeleteAsync(connection, transaction, id, reference, "retention", "purged");
                }
                return victims.Count;
            }, ct);
            total += purged;
            if (purged < BatchSize)
            {
                if (total > 0)
                {
                    await database.ForgetDeletedAsync(ct);
                }
                return total;
            }
        }
    }

    /// <summary>Every request with this phone or email (normalised), whatever its status; returns what went.</summary>
    public async Task<ErasedRequests> EraseAsync(string? phone, string? email, string actor, CancellationToken ct)
    {
        var phoneHash = index.Phone(phone);
        var emailHash = index.Email(email);
        if (phoneHash is null && emailHash is null)
        {
            return new ErasedRequests(0, []);
        }
        // Rows from before the index existed must be findable too.
        await BackfillContactIndexAsync(ct);
        var erased = await database.InTransactionAsync(async (connection, transaction) =>
        {
            var victims = new List<(string Id, string Reference, string Conversation)>();
            await using (var command = Sql.Command(connection, transaction,
                $"SELECT id, reference, conversation_id FROM handoff_requests WHERE phone_hash = @phone OR email_hash = @email {database.ForUpdate}",
                ("phone", phoneHash), ("email", emailHash)))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    victims.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }
            foreach (var (id, reference, _) in victims)
            {
                await DeleteAsync(connection, transaction, id, reference, actor, "erased");
            }
            return new ErasedRequests(victims.Count, victims.Select(v => v.Conversation).Distinct().ToList());
        }, ct);
        if (erased.Count > 0)
        {
            await database.ForgetDeletedAsync(ct);
        }
        return erased;
    }

    /// <summary>The references <see cref="EraseAsync"/> would delete, for staff to confirm.</summary>
    public async Task<IReadOnlyList<string>> MatchAsync(string? phone, string? email, CancellationToken ct)
    {
        var phoneHash = index.Phone(phone);
        var emailHash = index.Email(email);
        if (phoneHash is null && emailHash is null)
        {
            return [];
        }
        await BackfillContactIndexAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        var rows = await SelectAsync(connection, null, "SELECT id, reference FROM handoff_requests WHERE phone_hash = @phone OR email_hash = @email " +
            "ORDER BY created_at", ct, ("phone", phoneHash), ("email", emailHash));
        return rows.Select(r => r.Reference).ToList();
    }

    /// <summary>Fills in the keyed hashes of rows stored before schema version 2; cheap when there are none.</summary>
    public async Task<int> BackfillContactIndexAsync(CancellationToken ct) =>
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var rows = new List<(string Id, string? Phone, string? Email)>();
            await using (var command = Sql.Command(connection, transaction,
                "SELECT id, phone_enc, email_enc FROM handoff_requests " +
                "WHERE (phone_enc IS NOT NULL AND phone_hash IS NULL) OR (email_enc IS NOT NULL AND email_hash IS NULL)"))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    rows.Add((reader.GetString(0), reader.NullableString(1), reader.NullableString(2)));
                }
            }
            var filled = 0;
            foreach (var (id, phoneEnc, emailEnc) in rows)
            {
                try
                {
                    filled += await Sql.ExecuteAsync(connection, transaction,
                        "UPDATE handoff_requests SET phone_hash = @phone, email_hash = @email WHERE id = @id",
                        ("phone", index.Phone(protector.UnprotectPhone(phoneEnc))), ("email", index.Email(protector.UnprotectEmail(emailEnc))), ("id", id));
                }
                catch (CryptographicException)
                {
                    // Encrypted under a key this instance no longer has: nothing here can read it either.
                }
            }
            return filled;
        }, ct);

    private static async Task<List<(string Id, string Reference)>> SelectAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Sql.Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }

    private static async Task DeleteAsync(DbConnection connection, DbTransaction transaction, string id, string reference, string actor, string action)
    {
        await Sql.ExecuteAsync(connection, transaction, "DELETE FROM outbox WHERE request_id = @id", ("id", id));
        await Sql.ExecuteAsync(connection, transaction, "DELETE FROM staff_notes WHERE request_id = @id", ("id", id));
        if (await Sql.ExecuteAsync(connection, transaction, "DELETE FROM handoff_requests WHERE id = @id", ("id", id)) > 0)
        {
            await HandoffStore.AuditAsync(connection, transaction, actor, action, Guid.Parse(id), reference);
        }
    }
}

/// <summary>How many requests an erasure deleted, and the conversations they came from (for the chat's own stores).</summary>
public sealed record ErasedRequests(int Count, IReadOnlyList<string> ConversationIds);
