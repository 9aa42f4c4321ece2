using System.Data.Common;
using Bot.Conversation;
using Bot.Handoff;
using Microsoft.Extensions.Options;

namespace Bot.Storage;

/// <summary>
/// Conversation state in PostgreSQL, one row per conversation, so a visitor's turns can land on any instance.
/// A turn holds a transaction-scoped advisory lock on its conversation from load to save: a second instance's
/// turn of the same conversation waits and then reads what the first wrote. The version column makes the write
/// conditional, so a writer that skipped the lock fails loudly instead of overwriting a turn.
/// </summary>
public sealed class PostgreSqlConversationStateStore(HandoffDatabase database, TimeProvider time, IOptions<ConversationOptions> options)
    : IConversationStateStore
{
    // The two-int advisory key space does not overlap the bigint one HandoffDatabase uses for its own locks.
    private const int TurnLockClass = 724_302;

    private const string Upsert = """
        INSERT INTO conversation_states (id, state, version, updated_at) VALUES (@id, @state, @version + 1, @now)
        ON CONFLICT (id) DO UPDATE SET state = excluded.state, version = excluded.version, updated_at = excluded.updated_at
        WHERE conversation_states.version = @version
        """;

    public async ValueTask<ConversationStateTurn> BeginTurnAsync(string conversationId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockAsync(connection, transaction, conversationId, cancellationToken);
            var (state, version) = await ReadAsync(connection, transaction, conversationId, cancellationToken);
            return new LockedTurn(this, connection, transaction, conversationId, state, version);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<ConversationState?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await ReadAsync(connection, null, conversationId, cancellationToken)).State;
    }

    public async ValueTask SetAsync(string conversationId, ConversationState state, CancellationToken cancellationToken)
    {
        await using var turn = await BeginTurnAsync(conversationId, cancellationToken);
        await turn.SaveAsync(state, cancellationToken);
    }

    public async ValueTask RemoveAsync(string conversationId, CancellationToken cancellationToken) =>
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            // Waits for a turn in progress, which would otherwise write the erased state back.
            await LockAsync(connection, transaction, conversationId, cancellationToken);
            return await Sql.ExecuteAsync(connection, transaction, "DELETE FROM conversation_states WHERE id = @id", ("id", conversationId));
        }, cancellationToken);

    /// <summary>Deletes the states idle past the TTL. Safe on every instance at once: a turn on a swept row writes it anew.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "DELETE FROM conversation_states WHERE updated_at < @cutoff",
            ("cutoff", Cutoff()));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private long Cutoff() => (time.GetUtcNow() - options.Value.StateTimeToLive).Millis();

    private static async Task LockAsync(DbConnection connection, DbTransaction transaction, string conversationId, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT pg_advisory_xact_lock(@class, hashtext(@id))",
            ("class", TurnLockClass), ("id", conversationId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The state (null when absent or expired) and the row's version (0 when absent) the save is conditional on.</summary>
    private async Task<(ConversationState? State, long Version)> ReadAsync(
        DbConnection connection, DbTransaction? transaction, string conversationId, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction,
            "SELECT state, version, updated_at FROM conversation_states WHERE id = @id", ("id", conversationId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, 0);
        }
        var version = reader.GetInt64(1);
        return reader.GetInt64(2) < Cutoff() ? (null, version) : (ConversationStateCodec.Decode(reader.GetFieldValue<byte[]>(0)), version);
    }

    private async Task SaveAsync(DbConnection connection, DbTransaction transaction, string conversationId, ConversationState state,
        long version, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = Sql.Command(connection, transaction, Upsert, ("id", conversationId),
            ("state", ConversationStateCodec.Encode(state with { UpdatedAt = now })), ("version", version), ("now", now.Millis()));
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException("The conversation's state changed during its turn without taking the turn's lock.");
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed class LockedTurn(
        PostgreSqlConversationStateStore store, DbConnection connection, DbTransaction transaction,
        string conversationId, ConversationState? state, long version) : ConversationStateTurn
    {
        public override ConversationState? State => state;

        public override async ValueTask SaveAsync(ConversationState newState, CancellationToken cancellationToken) =>
            await store.SaveAsync(connection, transaction, conversationId, newState, version, cancellationToken);

        // Without a save the transaction rolls back; either way the lock goes with it.
        public override async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
