using System.Data.Common;

namespace Bot.Handoff;

/// <summary>The per-hour caps and the same-details window a submission is checked against.</summary>
public sealed record SubmissionRules(int PerConversationPerHour, int PerAddressPerHour, TimeSpan SameDetailsWindow);

/// <summary>
/// Stores a confirmed request in one transaction: the same form again returns the first; the same phone or email
/// within the window updates the open request; past the hourly caps nothing is stored; otherwise a new request
/// and one outbox row per channel. Checking and writing in one transaction keeps a double click from slipping past.
/// </summary>
public sealed class HandoffSubmissions(HandoffDatabase database, HandoffProtector protector, ContactIndex index)
{
    private const long SubmissionLock = 724302;

    private static readonly string[] OpenStatuses = [HandoffStatus.New, HandoffStatus.Contacted, HandoffStatus.Scheduled];

    public async Task<HandoffReceipt> SubmitAsync(string idempotencyKey, HandoffRequest request, string? clientAddress,
        IReadOnlyList<string> channels, SubmissionRules rules, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await database.InTransactionAsync((connection, transaction) =>
                    SubmitOnceAsync(connection, transaction, idempotencyKey, request, clientAddress, channels, rules, ct), ct);
            }
            catch (DbException) when (attempt < 4)
            {
                // A concurrent twin won the idempotency key (the next pass finds it) or the reference collided.
                request = request with { Reference = ReferenceNumber.Next(request.Reference) };
            }
        }
    }

    private async Task<HandoffReceipt> SubmitOnceAsync(DbConnection connection, DbTransaction transaction, string idempotencyKey,
        HandoffRequest request, string? clientAddress, IReadOnlyList<string> channels, SubmissionRules rules, CancellationToken ct)
    {
        // Submissions are a few an hour: one at a time keeps the counts and the same-details match exact on PostgreSQL too.
        await database.SerializeAsync(connection, transaction, SubmissionLock);
        if (await FindAsync(connection, transaction, "SELECT id, reference FROM handoff_requests WHERE idempotency_key = @key", ct,
            ("key", idempotencyKey)) is { } sent)
        {
            return sent with { Outcome = HandoffOutcome.AlreadySent };
        }

        var phoneHash = index.Phone(request.Phone);
        var emailHash = index.Email(request.Email);
        var now = request.CreatedAt;
        if (await FindAsync(connection, transaction,
            "SELECT id, reference FROM handoff_requests WHERE status IN (@s0, @s1, @s2) AND created_at >= @since " +
            "AND (phone_hash = @phone OR email_hash = @email) ORDER BY created_at DESC LIMIT 1", ct,
            ("s0", OpenStatuses[0]), ("s1", OpenStatuses[1]), ("s2", OpenStatuses[2]), ("since", (now - rules.SameDetailsWindow).Millis()),
            ("phone", phoneHash), ("email", emailHash)) is { } open)
        {
            await UpdateAsync(connection, transaction, open.Id, idempotencyKey, request, phoneHash, emailHash, ct);
            return open with { Outcome = HandoffOutcome.Updated };
        }

        var hourAgo = (now - TimeSpan.FromHours(1)).Millis();
        var clientHash = index.ClientAddress(clientAddress);
        if (await CountAsync(connection, transaction, "conversation_id = @value", request.ConversationId, hourAgo) >= rules.PerConversationPerHour
            || (clientHash is not null && await CountAsync(connection, transaction, "client_hash = @value", clientHash, hourAgo) >= rules.PerAddressPerHour))
        {
            return HandoffReceipt.Limited;
        }

        await Sql.ExecuteAsync(connection, transaction,
            $"INSERT INTO handoff_requests ({HandoffStore.RequestColumns}, idempotency_key, updated_at, phone_hash, email_hash, client_hash) VALUES " +
            "(@id, @reference, @created, @status, @urgent, @name, @phone, @email, @preferred, @bestTime, @reason, @consent, " +
            "@notice, @conversation, @channel, @transcript, @key, @created, @phoneHash, @emailHash, @clientHash)",
            ("id", request.Id.ToString()), ("reference", request.Reference), ("created", now.Millis()), ("status", request.Status),
            ("urgent", request.Urgent), ("name", protector.ProtectName(request.Name)), ("phone", protector.ProtectPhone(request.Phone)),
            ("email", protector.ProtectEmail(request.Email)), ("preferred", request.PreferredContact),
            ("bestTime", protector.ProtectBestTime(request.BestTime)), ("reason", protector.ProtectReason(request.Reason)),
            ("consent", request.ConsentAt.Millis()), ("notice", request.PrivacyNoticeVersion), ("conversation", request.ConversationId),
            ("channel", request.Channel), ("transcript", protector.ProtectTranscript(request.Transcript)), ("key", idempotencyKey),
            ("phoneHash", phoneHash), ("emailHash", emailHash), ("clientHash", clientHash));
        foreach (var channel in channels)
        {
            await Sql.ExecuteAsync(connection, transaction,
                "INSERT INTO outbox (id, request_id, channel, state, attempts, next_attempt_at, created_at) " +
                "VALUES (@id, @request, @channel, @state, 0, @now, @now)",
                ("id", Guid.NewGuid().ToString()), ("request", request.Id.ToString()), ("channel", channel),
                ("state", OutboxState.Pending), ("now", now.Millis()));
        }
        return new HandoffReceipt(request.Id, request.Reference, HandoffOutcome.Created);
    }

    /// <summary>
    /// The newer details win (a contact left out this time keeps the earlier one), urgency only ever rises, and the
    /// new conversation is added to the transcript. Staff see "updated" in the request's history.
    /// </summary>
    private async Task UpdateAsync(DbConnection connection, DbTransaction transaction, Guid id, string idempotencyKey,
        HandoffRequest request, string? phoneHash, string? emailHash, CancellationToken ct)
    {
        var earlier = await Sql.ScalarAsync(connection, transaction, "SELECT transcript_enc FROM handoff_requests WHERE id = @id", ("id", id.ToString()));
        IReadOnlyList<TranscriptLine> transcript = [.. protector.UnprotectTranscript((string)earlier!), .. request.Transcript];
        await Sql.ExecuteAsync(connection, transaction,
            "UPDATE handoff_requests SET idempotency_key = @key, updated_at = @now, urgent = (urgent OR @urgent), name_enc = @name, " +
            "phone_enc = COALESCE(@phone, phone_enc), phone_hash = COALESCE(@phoneHash, phone_hash), " +
            "email_enc = COALESCE(@email, email_enc), email_hash = COALESCE(@emailHash, email_hash), " +
            "preferred_contact = @preferred, best_time_enc = COALESCE(@bestTime, best_time_enc), reason_enc = COALESCE(@reason, reason_enc), " +
            "consent_at = @consent, privacy_notice_version = @notice, transcript_enc = @transcript WHERE id = @id",
            ("key", idempotencyKey), ("now", request.CreatedAt.Millis()), ("urgent", request.Urgent), ("name", protector.ProtectName(request.Name)),
            ("phone", protector.ProtectPhone(request.Phone)), ("phoneHash", phoneHash), ("email", protector.ProtectEmail(request.Email)),
            ("emailHash", emailHash), ("preferred", request.PreferredContact), ("bestTime", protector.ProtectBestTime(request.BestTime)),
            ("reason", protector.ProtectReason(request.Reason)), ("consent", request.ConsentAt.Millis()), ("notice", request.PrivacyNoticeVersion),
            ("transcript", protector.ProtectTranscript(transcript)), ("id", id.ToString()));
        await HandoffStore.AuditAsync(connection, transaction, "visitor", "updated", id, null);
    }

    private static async Task<HandoffReceipt?> FindAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct,
        params (string, object?)[] parameters)
    {
        await using var command = Sql.Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new HandoffReceipt(Guid.Parse(reader.GetString(0)), reader.GetString(1), HandoffOutcome.Created) : null;
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, string condition, string value, long since) =>
        Convert.ToInt64(await Sql.ScalarAsync(connection, transaction,
            $"SELECT COUNT(*) FROM handoff_requests WHERE {condition} AND created_at >= @since", ("value", value), ("since", since)));
}
