using System.Data.Common;

namespace Bot.Handoff;

/// <summary>
/// Requests, their outbox rows, staff notes and the audit log, in plain ADO.NET over <see cref="HandoffDatabase"/>
/// (new requests go in through <see cref="HandoffSubmissions"/>, and out through <see cref="HandoffDeletion"/>).
/// Sensitive fields go in and come out through <see cref="HandoffProtector"/>; nothing here logs values.
/// </summary>
public sealed class HandoffStore(HandoffDatabase database, HandoffProtector protector, TimeProvider time)
{
    /// <summary>Between the old and the new status in a "status" audit row's detail.</summary>
    public const string StatusChange = "→";

    internal const string RequestColumns =
        "id, reference, created_at, status, urgent, name_enc, phone_enc, email_enc, preferred_contact, best_time_enc, " +
        "reason_enc, consent_at, privacy_notice_version, conversation_id, channel, transcript_enc";

    public async Task<HandoffRequest?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"SELECT {RequestColumns} FROM handoff_requests WHERE id = @id", ("id", id.ToString()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Urgent first, then newest first; each with whether a delivery to staff has failed.</summary>
    public async Task<IReadOnlyList<HandoffSummary>> ListAsync(string? status, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            $"SELECT {RequestColumns}, EXISTS (SELECT 1 FROM outbox o WHERE o.request_id = r.id AND o.state = @failed) " +
            "FROM handoff_requests r " + (status is null ? "" : "WHERE status = @status ") + "ORDER BY urgent DESC, created_at DESC, id",
            ("status", status), ("failed", OutboxState.Failed));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var items = new List<HandoffSummary>();
        while (await reader.ReadAsync(ct))
        {
            items.Add(new HandoffSummary(Read(reader), reader.GetBoolean(16)));
        }
        return items;
    }

    public async Task<bool> SetStatusAsync(Guid id, string status, string actor, CancellationToken ct) =>
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            // The app's clock: retention counts from this time.
            var now = time.GetUtcNow();
            // The old status goes into the audit detail ("new → contacted"), so the history says what changed.
            if (await Sql.ScalarAsync(connection, transaction, "SELECT status FROM handoff_requests WHERE id = @id", ("id", id.ToString())) is not string old)
            {
                return false;
            }
            await Sql.ExecuteAsync(connection, transaction,
                "UPDATE handoff_requests SET status = @status, updated_at = @now WHERE id = @id",
                ("status", status), ("now", now.Millis()), ("id", id.ToString()));
            await AuditAsync(connection, transaction, actor, "status", id, $"{old} {StatusChange} {status}");
            return true;
        }, ct);

    public async Task<bool> AddNoteAsync(Guid id, string author, string text, CancellationToken ct) =>
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var exists = await Sql.ScalarAsync(connection, transaction, "SELECT 1 FROM handoff_requests WHERE id = @id", ("id", id.ToString()));
            if (exists is null)
            {
                return false;
            }
            await Sql.ExecuteAsync(connection, transaction,
                "INSERT INTO staff_notes (id, request_id, author, text_enc, created_at) VALUES (@id, @request, @author, @text, @now)",
                ("id", Guid.NewGuid().ToString()), ("request", id.ToString()), ("author", author),
                ("text", protector.ProtectNote(text)), ("now", DateTimeOffset.UtcNow.Millis()));
            await AuditAsync(connection, transaction, author, "note", id, null);
            return true;
        }, ct);

    public async Task<IReadOnlyList<StaffNote>> NotesAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            "SELECT author, text_enc, created_at FROM staff_notes WHERE request_id = @id ORDER BY created_at", ("id", id.ToString()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var notes = new List<StaffNote>();
        while (await reader.ReadAsync(ct))
        {
            notes.Add(new StaffNote(reader.GetString(0), protector.UnprotectNote(reader.GetString(1)), reader.Time(2)));
        }
        return notes;
    }

    public async Task<IReadOnlyList<Delivery>> DeliveriesAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            "SELECT id, channel, state, attempts, next_attempt_at, sent_at, last_error FROM outbox WHERE request_id = @id ORDER BY channel",
            ("id", id.ToString()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var deliveries = new List<Delivery>();
        while (await reader.ReadAsync(ct))
        {
            var state = reader.GetString(2);
            deliveries.Add(new Delivery(Guid.Parse(reader.GetString(0)), reader.GetString(1), state, reader.GetInt32(3),
                state == OutboxState.Pending ? reader.Time(4) : null, reader.NullableTime(5), reader.NullableString(6)));
        }
        return deliveries;
    }

    /// <summary>Records a staff view or change: who, what, when, which request. Never contact values.</summary>
    public async Task AuditAsync(string actor, string action, Guid? requestId, string? detail, CancellationToken ct) =>
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await AuditAsync(connection, transaction, actor, action, requestId, detail);
            return true;
        }, ct);

    public async Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(Guid requestId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            "SELECT at, actor, action, request_id, detail FROM audit_log WHERE request_id = @id ORDER BY id", ("id", requestId.ToString()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new AuditEntry(reader.Time(0), reader.GetString(1), reader.GetString(2), Guid.Parse(reader.GetString(3)), reader.NullableString(4)));
        }
        return entries;
    }

    internal static Task<int> AuditAsync(DbConnection connection, DbTransaction transaction, string actor, string action, Guid? requestId, string? detail) =>
        Sql.ExecuteAsync(connection, transaction,
            "INSERT INTO audit_log (at, actor, action, request_id, detail) VALUES (@at, @actor, @action, @request, @detail)",
            ("at", DateTimeOffset.UtcNow.Millis()), ("actor", actor), ("action", action), ("request", requestId?.ToString()), ("detail", detail));

    private HandoffRequest Read(DbDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.Time(2),
        reader.GetString(3),
        reader.GetBoolean(4),
        protector.UnprotectName(reader.GetString(5)),
        protector.UnprotectPhone(reader.NullableString(6)),
        protector.UnprotectEmail(reader.NullableString(7)),
        reader.GetString(8),
        protector.UnprotectBestTime(reader.NullableString(9)),
        protector.UnprotectReason(reader.NullableString(10)),
        reader.Time(11),
        reader.GetString(12),
        reader.GetString(13),
        reader.GetString(14),
        protector.UnprotectTranscript(reader.GetString(15)));
}
