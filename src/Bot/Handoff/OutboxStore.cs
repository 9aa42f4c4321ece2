namespace Bot.Handoff;

/// <summary>
/// The outbox rows' life: claim due rows with a lease, then mark them sent, rescheduled or failed.
/// State, attempts and next_attempt_at are persisted, so a restart picks up where the last process stopped.
/// </summary>
public sealed class OutboxStore(HandoffDatabase database)
{
    /// <summary>
    /// Reserves up to <paramref name="max"/> due rows until <paramref name="leaseUntil"/> and counts the attempt.
    /// One UPDATE does it: PostgreSQL skips rows another instance holds; SQLite runs one writer at a time.
    /// </summary>
    public async Task<IReadOnlyList<OutboxJob>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct) =>
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await using var command = Sql.Command(connection, transaction,
                "UPDATE outbox SET locked_until = @lease, attempts = attempts + 1 WHERE id IN (" +
                "SELECT id FROM outbox WHERE state = @pending AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until <= @now) " +
                $"ORDER BY next_attempt_at LIMIT @max {database.SkipLocked}) RETURNING id, request_id, channel, attempts",
                ("lease", leaseUntil.Millis()), ("pending", OutboxState.Pending), ("now", now.Millis()), ("max", max));
            await using var reader = await command.ExecuteReaderAsync(ct);
            var jobs = new List<OutboxJob>();
            while (await reader.ReadAsync(ct))
            {
                jobs.Add(new OutboxJob(Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetInt32(3)));
            }
            return jobs;
        }, ct);

    public Task MarkSentAsync(Guid jobId, DateTimeOffset now, CancellationToken ct) =>
        UpdateAsync("UPDATE outbox SET state = @state, sent_at = @now, locked_until = NULL, last_error = NULL WHERE id = @id",
            ct, ("state", OutboxState.Sent), ("now", now.Millis()), ("id", jobId.ToString()));

    /// <summary>Schedules the next attempt, or marks the job failed when <paramref name="retryAt"/> is null.</summary>
    public Task MarkAttemptFailedAsync(Guid jobId, string error, DateTimeOffset? retryAt, CancellationToken ct) =>
        UpdateAsync("UPDATE outbox SET state = @state, next_attempt_at = @next, locked_until = NULL, last_error = @error WHERE id = @id",
            ct, ("state", retryAt is null ? OutboxState.Failed : OutboxState.Pending), ("next", (retryAt ?? DateTimeOffset.UtcNow).Millis()),
            ("error", error.Length > 500 ? error[..500] : error), ("id", jobId.ToString()));

    /// <summary>Gives up the lease on rows this instance claimed but did not finish (it is stopping).</summary>
    public async Task ReleaseAsync(IEnumerable<Guid> jobIds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        foreach (var id in jobIds)
        {
            await UpdateAsync("UPDATE outbox SET locked_until = NULL WHERE id = @id AND state = @pending",
                timeout.Token, ("id", id.ToString()), ("pending", OutboxState.Pending));
        }
    }

    /// <summary>When the next pending row falls due, so the dispatcher can sleep until then.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var next = await Sql.ScalarAsync(connection, null,
            "SELECT MIN(CASE WHEN locked_until IS NULL OR locked_until < next_attempt_at THEN next_attempt_at ELSE locked_until END) FROM outbox WHERE state = @pending",
            ("pending", OutboxState.Pending));
        return next is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(next));
    }

    private async Task UpdateAsync(string sql, CancellationToken ct, params (string, object?)[] parameters) =>
        await database.InTransactionAsync(async (connection, transaction) => await Sql.ExecuteAsync(connection, transaction, sql, parameters), ct);
}
