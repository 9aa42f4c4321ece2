using System.Data.Common;
using Bot.Handoff;
using Bot.Knowledge;

namespace Bot.Insights;

/// <summary>A group of questions the bot could not answer well, as staff see it.</summary>
public sealed record UnansweredQuestion(string Id, string Question, int Count, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<string> Examples);

/// <summary>A question worth a look, as the writer counts it: how often one conversation asked it in a batch, and when last.</summary>
public sealed record KeptQuestion(string Text, string ConversationId, int Times, DateTimeOffset Last);

/// <summary>The insights tables (schema version 4), in the handoff database; the same SQL on SQLite and PostgreSQL.</summary>
public sealed class InsightsStore(HandoffDatabase database)
{
    public const string Open = "open";
    public const string Attached = "attached";
    public const string Dismissed = "dismissed";

    /// <summary>
    /// Many turns in one transaction with one command (SQLite keeps its statement prepared): under load a commit, or a parse, per turn would cost
    /// more than the turn itself. Ids are time-ordered (UUIDv7), so rows append to the primary key's B-tree instead
    /// of splitting pages all over it as the table grows.
    /// </summary>
    public Task AddTurnsAsync(IReadOnlyList<TurnRecorded> turns, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            await using var insert = Sql.Command(connection, transaction,
                "INSERT INTO insights_turns (id, at, conversation_id, kind, entry_id, score, detail) VALUES (@id, @at, @c, @kind, @entry, @score, @detail)",
                ("id", ""), ("at", 0L), ("c", ""), ("kind", ""), ("entry", null), ("score", null), ("detail", null));
            foreach (var turn in turns)
            {
                insert.Parameters["id"].Value = Guid.CreateVersion7(turn.At).ToString("n");
                insert.Parameters["at"].Value = turn.At.Millis();
                insert.Parameters["c"].Value = turn.ConversationId;
                insert.Parameters["kind"].Value = turn.Outcome.Label;
                insert.Parameters["entry"].Value = (object?)turn.Outcome.EntryId ?? DBNull.Value;
                insert.Parameters["score"].Value = (object?)turn.Outcome.Score ?? DBNull.Value;
                insert.Parameters["detail"].Value = (object?)turn.Detail ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(ct);
            }
            return true;
        }, ct);

    /// <summary>Adds a flush's counts to the day's rows (every instance adds its own; the same SQL on both databases).</summary>
    public Task AddCountsAsync(IReadOnlyList<DailyCount> counts, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            await using var upsert = Sql.Command(connection, transaction,
                "INSERT INTO insights_daily (day, kind, entry_id, turns) VALUES (@day, @kind, @entry, @turns) " +
                "ON CONFLICT (day, kind, entry_id) DO UPDATE SET turns = insights_daily.turns + excluded.turns",
                ("day", 0L), ("kind", ""), ("entry", ""), ("turns", 0L));
            foreach (var count in counts)
            {
                upsert.Parameters["day"].Value = count.Day;
                upsert.Parameters["kind"].Value = count.Kind;
                upsert.Parameters["entry"].Value = count.EntryId;
                upsert.Parameters["turns"].Value = count.Turns;
                await upsert.ExecuteNonQueryAsync(ct);
            }
            return true;
        }, ct);

    /// <summary>A changed vote on the same answer replaces the first (Web Chat lets the visitor switch thumbs).</summary>
    public async Task AddVoteAsync(VoteRecorded vote, string? question, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await Sql.ExecuteAsync(connection, null,
            "INSERT INTO insights_votes (id, at, conversation_id, entry_id, question, score, helpful) VALUES (@id, @at, @c, @entry, @q, @score, @helpful) " +
            "ON CONFLICT (id) DO UPDATE SET at = excluded.at, helpful = excluded.helpful",
            ("id", vote.Key), ("at", vote.At.Millis()), ("c", vote.ConversationId), ("entry", vote.EntryId), ("q", question),
            ("score", vote.Score), ("helpful", vote.Helpful ? 1 : 0));
    }

    /// <summary>Open groups' representative wording, to match a new question against.</summary>
    public async Task<List<(string Id, string Question)>> OpenGroupsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var groups = new List<(string, string)>();
        await using var command = Sql.Command(connection, null, "SELECT id, question FROM insights_questions WHERE status = @s ORDER BY last_seen DESC", ("s", Open));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            groups.Add((reader.GetString(0), reader.GetString(1)));
        }
        return groups;
    }

    /// <summary>Counts <paramref name="question"/> in group <paramref name="groupId"/>, or starts a new group when it is null; returns the group.</summary>
    public Task<string> KeepAsync(string? groupId, string question, string conversationId, DateTimeOffset at, int maxExamples, CancellationToken ct) =>
        database.InTransactionAsync((connection, transaction) =>
            KeepAsync(connection, transaction, groupId, new KeptQuestion(question, conversationId, 1, at), maxExamples), ct);

    /// <summary>
    /// Several questions in one transaction (the writer's batch): <paramref name="match"/> picks each one's group among
    /// those known so far, and <paramref name="kept"/> hears which group took it and whether that group is new, so
    /// later questions can join it.
    /// </summary>
    public Task KeepAllAsync(IReadOnlyList<KeptQuestion> questions, Func<string, string?> match, Action<string, string, bool> kept, int maxExamples, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var question in questions)
            {
                var group = match(question.Text);
                var keptIn = await KeepAsync(connection, transaction, group, question, maxExamples);
                kept(question.Text, keptIn, keptIn != group);
            }
            return true;
        }, ct);

    private static async Task<string> KeepAsync(DbConnection connection, DbTransaction transaction, string? groupId, KeptQuestion question, int maxExamples)
    {
        var at = question.Last.Millis();
        if (groupId is null || await Sql.ExecuteAsync(connection, transaction,
            "UPDATE insights_questions SET count = count + @n, last_seen = @at WHERE id = @id AND status = @s", ("n", question.Times), ("at", at), ("id", groupId), ("s", Open)) == 0)
        {
            groupId = Guid.NewGuid().ToString("n");
            await Sql.ExecuteAsync(connection, transaction,
                "INSERT INTO insights_questions (id, question, count, first_seen, last_seen, status) VALUES (@id, @q, @n, @at, @at, @s)",
                ("id", groupId), ("q", question.Text), ("n", question.Times), ("at", at), ("s", Open));
        }
        // One statement: a new wording becomes an example while the group has room for one.
        await Sql.ExecuteAsync(connection, transaction,
            "INSERT INTO insights_examples (id, question_id, text, at, conversation_id) SELECT @id, @q, @t, @at, @c " +
            "WHERE (SELECT COUNT(*) FROM insights_examples WHERE question_id = @q) < @max " +
            "AND NOT EXISTS (SELECT 1 FROM insights_examples WHERE question_id = @q AND text = @t)",
            ("id", Guid.NewGuid().ToString("n")), ("q", groupId), ("t", question.Text), ("at", at), ("c", question.ConversationId), ("max", maxExamples));
        return groupId;
    }

    /// <summary>Open groups, most frequent first.</summary>
    public async Task<IReadOnlyList<UnansweredQuestion>> UnansweredAsync(int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var groups = new List<UnansweredQuestion>();
        await using (var command = Sql.Command(connection, null,
            "SELECT id, question, count, first_seen, last_seen FROM insights_questions WHERE status = @s ORDER BY count DESC, last_seen DESC LIMIT @n",
            ("s", Open), ("n", limit)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                groups.Add(new UnansweredQuestion(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.Time(3), reader.Time(4), []));
            }
        }
        for (var i = 0; i < groups.Count; i++)
        {
            groups[i] = groups[i] with { Examples = await ExamplesAsync(connection, groups[i].Id, ct) };
        }
        return groups;
    }

    public async Task<UnansweredQuestion?> FindOpenAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            "SELECT id, question, count, first_seen, last_seen FROM insights_questions WHERE id = @id AND status = @s", ("id", id), ("s", Open));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new UnansweredQuestion(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.Time(3), reader.Time(4), [])
            : null;
    }

    private static async Task<List<string>> ExamplesAsync(DbConnection connection, string id, CancellationToken ct)
    {
        var examples = new List<string>();
        await using var command = Sql.Command(connection, null, "SELECT text FROM insights_examples WHERE question_id = @id ORDER BY at", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            examples.Add(reader.GetString(0));
        }
        return examples;
    }

    /// <summary>Attaches an open group to an entry as a new phrasing; false if the group is not open (any more).</summary>
    public Task<bool> AttachAsync(string id, string entryId, string actor, DateTimeOffset now, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await Sql.ScalarAsync(connection, transaction, $"SELECT question FROM insights_questions WHERE id = @id AND status = @s {database.ForUpdate}",
                ("id", id), ("s", Open)) is not string question)
            {
                return false;
            }
            await Sql.ExecuteAsync(connection, transaction, "UPDATE insights_questions SET status = @s, entry_id = @e WHERE id = @id",
                ("s", Attached), ("e", entryId), ("id", id));
            await Sql.ExecuteAsync(connection, transaction,
                "INSERT INTO insights_phrasings (id, entry_id, question, created_at, actor) VALUES (@id, @e, @q, @at, @actor)",
                ("id", Guid.NewGuid().ToString("n")), ("e", entryId), ("q", question), ("at", now.Millis()), ("actor", actor));
            await Sql.ExecuteAsync(connection, transaction, "INSERT INTO audit_log (at, actor, action, request_id, detail) VALUES (@at, @actor, 'insights.attach', NULL, @d)",
                ("at", now.Millis()), ("actor", actor), ("d", entryId));
            return true;
        }, ct);

    public Task<bool> DismissAsync(string id, string actor, DateTimeOffset now, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await Sql.ExecuteAsync(connection, transaction, "UPDATE insights_questions SET status = @d WHERE id = @id AND status = @s",
                ("d", Dismissed), ("id", id), ("s", Open)) == 0)
            {
                return false;
            }
            await Sql.ExecuteAsync(connection, transaction, "INSERT INTO audit_log (at, actor, action, request_id, detail) VALUES (@at, @actor, 'insights.dismiss', NULL, NULL)",
                ("at", now.Millis()), ("actor", actor));
            return true;
        }, ct);

    public async Task<IReadOnlyList<AttachedPhrasing>> PhrasingsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var phrasings = new List<AttachedPhrasing>();
        await using var command = Sql.Command(connection, null, "SELECT entry_id, question FROM insights_phrasings ORDER BY created_at, id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            phrasings.Add(new AttachedPhrasing(reader.GetString(0), reader.GetString(1)));
        }
        return phrasings;
    }

    public async Task<long> PhrasingCountAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return Convert.ToInt64(await Sql.ScalarAsync(connection, null, "SELECT COUNT(*) FROM insights_phrasings"));
    }
}
