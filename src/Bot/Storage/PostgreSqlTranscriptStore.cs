using System.Data.Common;
using System.Text.Json;
using Bot.DirectLine;
using Bot.Handoff;
using Bot.Protocol;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Bot.Storage;

/// <summary>
/// Direct Line transcripts in PostgreSQL, so a visitor's posts, polls and stream may each land on a different
/// instance. Appending takes the conversation row's lock (sequence numbers and timestamps stay strictly ordered
/// across instances) and notifies the other instances in the same transaction, so they hear of it on commit; with
/// Redis as the relay, the news is published once the transaction has committed.
/// </summary>
public sealed class PostgreSqlTranscriptStore(
    HandoffDatabase database, IStreamRelay relay, IDataProtectionProvider protection, IOptions<DirectLineOptions> options, TimeProvider time)
    : ITranscriptStore
{
    private readonly IDataProtector protector = protection.CreateProtector("Bot.DirectLine.v1.activity");
    private readonly TimeSpan timeToLive = options.Value.TranscriptTimeToLive;

    public async Task<bool> CreateAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = time.GetUtcNow().Millis();
        // An expired row with the same id is replaced, as the in-memory store forgets it.
        await Sql.ExecuteAsync(connection, null, "DELETE FROM directline_conversations WHERE id = @id AND last_used < @cutoff",
            ("id", conversationId), ("cutoff", Cutoff()));
        return await Sql.ExecuteAsync(connection, null, """
            INSERT INTO directline_conversations (id, created_at, last_used, next_sequence, last_timestamp_ticks)
            VALUES (@id, @now, @now, 0, 0) ON CONFLICT (id) DO NOTHING
            """, ("id", conversationId), ("now", now)) == 1;
    }

    public async Task<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Sql.ScalarAsync(connection, null, "SELECT 1 FROM directline_conversations WHERE id = @id AND last_used >= @cutoff",
            ("id", conversationId), ("cutoff", Cutoff())) is not null;
    }

    public async Task<IReadOnlyList<StoredActivity>?> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        var stored = await AppendInTransactionAsync(conversationId, activities, cancellationToken);
        if (stored is not null && relay is not PostgreSqlStreamRelay)
        {
            relay.Announce(StreamChange.Appended, conversationId);
        }
        return stored;
    }

    private async Task<IReadOnlyList<StoredActivity>?> AppendInTransactionAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken) =>
        await database.InTransactionAsync<IReadOnlyList<StoredActivity>?>(async (connection, transaction) =>
        {
            long sequence, lastTicks;
            await using (var command = Sql.Command(connection, transaction,
                "SELECT next_sequence, last_timestamp_ticks FROM directline_conversations WHERE id = @id AND last_used >= @cutoff FOR UPDATE",
                ("id", conversationId), ("cutoff", Cutoff())))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return null;
                }
                (sequence, lastTicks) = (reader.GetInt64(0), reader.GetInt64(1));
            }
            var stored = new List<StoredActivity>(activities.Count);
            foreach (var activity in activities)
            {
                // Web Chat orders by timestamp at millisecond precision, so each one moves on by at least 1 ms.
                var now = time.GetUtcNow();
                var last = new DateTimeOffset(lastTicks, TimeSpan.Zero);
                var timestamp = now > last ? now : last.AddMilliseconds(1);
                lastTicks = timestamp.UtcTicks;
                var item = new StoredActivity(sequence, activity with { Id = $"{conversationId}|{sequence:D7}", Timestamp = timestamp });
                await Sql.ExecuteAsync(connection, transaction,
                    "INSERT INTO directline_activities (conversation_id, sequence, activity_enc) VALUES (@id, @sequence, @activity)",
                    ("id", conversationId), ("sequence", sequence), ("activity", Protect(item.Activity)));
                stored.Add(item);
                sequence++;
            }
            const string Update = "UPDATE directline_conversations SET next_sequence = @sequence, last_timestamp_ticks = @ticks, last_used = @now WHERE id = @id";
            if (relay is PostgreSqlStreamRelay listenNotify)
            {
                // One round trip: the row's update and the news, heard by the other instances on commit.
                await Sql.ExecuteAsync(connection, transaction, Update + "; SELECT pg_notify(@channel, @payload)",
                    ("id", conversationId), ("sequence", sequence), ("ticks", lastTicks), ("now", time.GetUtcNow().Millis()),
                    ("channel", PostgreSqlStreamRelay.Channel), ("payload", listenNotify.Payload(StreamChange.Appended, conversationId)));
            }
            else
            {
                await Sql.ExecuteAsync(connection, transaction, Update,
                    ("id", conversationId), ("sequence", sequence), ("ticks", lastTicks), ("now", time.GetUtcNow().Millis()));
            }
            return stored;
        }, cancellationToken);

    public async Task<IReadOnlyList<StoredActivity>?> ReadAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Reading keeps a conversation alive, as in memory; the write is skipped while the last one is under a minute old.
        var now = time.GetUtcNow().Millis();
        var touched = await Sql.ScalarAsync(connection, null, """
            WITH live AS (SELECT 1 FROM directline_conversations WHERE id = @id AND last_used >= @cutoff),
            touch AS (UPDATE directline_conversations SET last_used = @now
                      WHERE id = @id AND last_used < @now - 60000 AND EXISTS (SELECT 1 FROM live))
            SELECT 1 FROM live
            """, ("id", conversationId), ("now", now), ("cutoff", Cutoff()));
        if (touched is null)
        {
            return null;
        }
        await using var command = Sql.Command(connection, null,
            "SELECT sequence, activity_enc FROM directline_activities WHERE conversation_id = @id AND sequence > @watermark ORDER BY sequence",
            ("id", conversationId), ("watermark", watermark));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var activities = new List<StoredActivity>();
        while (await reader.ReadAsync(cancellationToken))
        {
            activities.Add(new StoredActivity(reader.GetInt64(0), Unprotect(reader.GetString(1))));
        }
        return activities;
    }

    public async Task RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, null, "DELETE FROM directline_conversations WHERE id = @id", ("id", conversationId));
    }

    /// <summary>Deletes transcripts idle past the TTL (their activities go with them). Safe on every instance at once.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Sql.ExecuteAsync(connection, null, "DELETE FROM directline_conversations WHERE last_used < @cutoff", ("cutoff", Cutoff()));
    }

    private long Cutoff() => (time.GetUtcNow() - timeToLive).Millis();

    private string Protect(Activity activity) =>
        protector.Protect(JsonSerializer.Serialize(activity, DirectLineJson.Default.Activity));

    private Activity Unprotect(string value) =>
        JsonSerializer.Deserialize(protector.Unprotect(value), DirectLineJson.Default.Activity)!;
}
