using Bot.Handoff;
using Microsoft.Extensions.Options;

namespace Bot.Insights;

public sealed record TopicCount(string EntryId, string Title, int Count);

public sealed record StepCount(string Step, int Count);

public sealed record IntakeFunnel(int Started, int Completed, IReadOnlyList<StepCount> AbandonedAt, int Contacted, int Scheduled);

public sealed record FeedbackFigures(int Helpful, int NotHelpful, double? HelpfulRatio);

/// <summary>The dashboard's figures for the last <see cref="Days"/> days (GET /api/insights/summary returns the same).</summary>
public sealed record InsightsFigures(
    DateTimeOffset Since,
    int Days,
    int Conversations,
    int Answered,
    int Clarified,
    int Declined,
    int Unanswered,
    int CrisisRepliesShown,
    IReadOnlyList<TopicCount> TopTopics,
    FeedbackFigures Feedback,
    IntakeFunnel Intake,
    double? MedianHoursToFirstContact);

/// <summary>Reads the dashboard's figures from the insights and handoff tables.</summary>
public sealed class InsightsSummary(HandoffDatabase database, Knowledge.KnowledgeIndex index, IOptions<InsightsOptions> options, TimeProvider time)
{
    public async Task<InsightsFigures> ReadAsync(CancellationToken ct)
    {
        var days = options.Value.DashboardDays;
        var since = time.GetUtcNow().AddDays(-days);
        await using var connection = await database.OpenAsync(ct);

        var at = ("since", (object?)since.Millis());
        // The counts are kept by day: the window starts at the start of its first day.
        var day = ("day", (object?)InsightsTally.Day(since));
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in RowsAsync(connection, "SELECT kind, SUM(turns) FROM insights_daily WHERE day >= @day GROUP BY kind", ct, day))
        {
            kinds[(string)row[0]!] = Convert.ToInt32(row[1]);
        }
        var topics = new List<TopicCount>();
        await foreach (var row in RowsAsync(connection,
            "SELECT entry_id, SUM(turns) AS n FROM insights_daily WHERE day >= @day AND kind = 'answered' AND entry_id <> '' GROUP BY entry_id ORDER BY n DESC, entry_id LIMIT 5", ct, day))
        {
            var id = (string)row[0]!;
            topics.Add(new TopicCount(id, index.Entries.TryGetValue(id, out var entry) ? entry.Title : id, Convert.ToInt32(row[1])));
        }
        int helpful = 0, notHelpful = 0;
        await foreach (var row in RowsAsync(connection, "SELECT helpful, COUNT(*) FROM insights_votes WHERE at >= @since GROUP BY helpful", ct, at))
        {
            if (Convert.ToInt32(row[0]) == 1)
            {
                helpful = Convert.ToInt32(row[1]);
            }
            else
            {
                notHelpful = Convert.ToInt32(row[1]);
            }
        }
        var feedback = new FeedbackFigures(helpful, notHelpful, helpful + notHelpful == 0 ? null : (double)helpful / (helpful + notHelpful));

        return new InsightsFigures(since, days, Kind(InsightsTally.Conversation), Kind("answered"), Kind("clarified"), Kind("declined"), Kind("fallback"),
            Kind("crisis"), topics, feedback, await FunnelAsync(connection, since, ct), await MedianHoursAsync(connection, since, ct));

        int Kind(string kind) => kinds.GetValueOrDefault(kind);
    }

    /// <summary>Started: conversations with an intake turn; abandoned: their last step, where no request was sent.</summary>
    private static async Task<IntakeFunnel> FunnelAsync(System.Data.Common.DbConnection connection, DateTimeOffset since, CancellationToken ct)
    {
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        var sent = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in RowsAsync(connection,
            "SELECT conversation_id, detail FROM insights_turns WHERE at >= @since AND kind = 'intake' ORDER BY at", ct, ("since", since.Millis())))
        {
            var (conversation, step) = ((string)row[0]!, (string?)row[1] ?? "ended");
            last[conversation] = step;
            if (step == "sent")
            {
                sent.Add(conversation);
            }
        }
        var abandoned = last.Where(c => !sent.Contains(c.Key) && c.Value != "ended")
            .GroupBy(c => c.Value).Select(g => new StepCount(g.Key, g.Count())).OrderByDescending(s => s.Count).ThenBy(s => s.Step).ToList();

        var requests = await RequestsAsync(connection, since, ct);
        return new IntakeFunnel(last.Count, requests.Count,
            abandoned,
            requests.Count(r => r.Reached(HandoffStatus.Contacted) || r.Reached(HandoffStatus.Scheduled)),
            requests.Count(r => r.Reached(HandoffStatus.Scheduled)));
    }

    private static async Task<double?> MedianHoursAsync(System.Data.Common.DbConnection connection, DateTimeOffset since, CancellationToken ct)
    {
        var hours = (await RequestsAsync(connection, since, ct))
            .Select(r => r.FirstContact is { } first ? (first - r.CreatedAt) / 3_600_000.0 : (double?)null)
            .OfType<double>().Order().ToList();
        return hours.Count == 0 ? null
            : hours.Count % 2 == 1 ? hours[hours.Count / 2]
            : (hours[hours.Count / 2 - 1] + hours[hours.Count / 2]) / 2;
    }

    private sealed record RequestHistory(long CreatedAt, string Status, List<(long At, string To)> Changes)
    {
        public bool Reached(string status) => Status == status || Changes.Any(c => c.To == status);

        /// <summary>The first change to "contacted" or "scheduled": staff reached the visitor.</summary>
        public long? FirstContact => Changes.Where(c => c.To is HandoffStatus.Contacted or HandoffStatus.Scheduled).Select(c => (long?)c.At).Min();
    }

    private static async Task<List<RequestHistory>> RequestsAsync(System.Data.Common.DbConnection connection, DateTimeOffset since, CancellationToken ct)
    {
        var requests = new Dictionary<string, RequestHistory>(StringComparer.Ordinal);
        await foreach (var row in RowsAsync(connection,
            "SELECT r.id, r.created_at, r.status, a.at, a.detail FROM handoff_requests r " +
            "LEFT JOIN audit_log a ON a.request_id = r.id AND a.action = 'status' WHERE r.created_at >= @since", ct, ("since", since.Millis())))
        {
            var id = (string)row[0]!;
            if (!requests.TryGetValue(id, out var request))
            {
                requests[id] = request = new RequestHistory(Convert.ToInt64(row[1]), (string)row[2]!, []);
            }
            if (row[3] is not null && row[4] is string detail)
            {
                request.Changes.Add((Convert.ToInt64(row[3]), detail[(detail.LastIndexOf(HandoffStore.StatusChange, StringComparison.Ordinal) + 1)..].Trim()));
            }
        }
        return [.. requests.Values];
    }

    private static async IAsyncEnumerable<object?[]> RowsAsync(System.Data.Common.DbConnection connection, string sql,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Sql.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            yield return row;
        }
    }
}
