using Bot.Privacy;
using Microsoft.Extensions.Options;

namespace Bot.Insights;

/// <summary>
/// Writes what <see cref="InsightsRecorder"/> gathered to the database every <see cref="InsightsOptions.WriteDelay"/>:
/// the day's counts, the turns kept one by one, every vote, and the questions worth a look (fallback, "did you mean",
/// decline, "not helpful"), redacted of contact details and grouped.
/// </summary>
public sealed class InsightsWriter(
    InsightsRecorder recorder,
    InsightsTally tally,
    TimeProvider time,
    InsightsStore store,
    QuestionGrouper grouper,
    LocalRedactor redactor,
    IOptions<InsightsOptions> options,
    ILogger<InsightsWriter> logger) : BackgroundService
{
    /// <summary>Turns counted and votes written so far (tests wait on it rather than on time).</summary>
    public long Written => Interlocked.Read(ref _written);

    private long _written;

    private const int MaxBatch = 1_000;
    private const int MaxRemembered = 4_096;

    // Wording -> the group it went to; only the writer's loop touches it.
    private readonly Dictionary<string, string> _groupOf = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, not the app's clock: this is plumbing, and a test's stopped clock must not hold it. Nobody reads
        // insights to the second, so a busy moment's turns share a commit.
        using var timer = new PeriodicTimer(options.Value.WriteDelay);
        var batch = new List<InsightEvent>(MaxBatch);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // Counts first, then the queue: a counted turn's row was queued before its count (InsightsRecorder).
                var counts = tally.Take(time.GetUtcNow());
                do
                {
                    batch.Clear();
                    while (batch.Count < MaxBatch && recorder.Reader.TryRead(out var item))
                    {
                        batch.Add(item);
                    }
                    try
                    {
                        await WriteAsync(batch, counts, stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Insights are worth less than the turns: log, drop these, carry on.
                        logger.LogWarning(ex, "Insights records could not be written");
                    }
                    Interlocked.Add(ref _written, counts.Where(c => c.Kind != InsightsTally.Conversation).Sum(c => c.Turns) + batch.Count(e => e is VoteRecorded));
                    counts = [];
                }
                while (batch.Count == MaxBatch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The counts and the kept turns in one transaction each, votes one by one, then the questions worth a look in one
    /// transaction, each wording once with how often it came.
    /// </summary>
    private async Task WriteAsync(List<InsightEvent> batch, List<DailyCount> counts, CancellationToken ct)
    {
        if (counts.Count > 0)
        {
            await store.AddCountsAsync(counts, ct);
        }
        var turns = batch.OfType<TurnRecorded>().ToList();
        if (turns.Count > 0)
        {
            await store.AddTurnsAsync(turns, ct);
        }
        // Keyed by wording: many visitors asking the same words cost one match and one update. The example keeps the
        // first asker's conversation, so an erasure finds it (the others' identical words were never kept apart).
        var questions = new Dictionary<string, KeptQuestion>(StringComparer.Ordinal);
        foreach (var item in batch)
        {
            var question = (item as TurnRecorded)?.Question;
            if (item is VoteRecorded vote)
            {
                await store.AddVoteAsync(vote, Clean(vote.Question), ct);
                question = vote.Helpful ? null : vote.Question;
            }
            if (Clean(question) is { Length: > 0 } text)
            {
                questions[text] = questions.TryGetValue(text, out var seen)
                    ? seen with { Times = seen.Times + 1, Last = item.At }
                    : new KeptQuestion(text, item.ConversationId, 1, item.At);
            }
        }
        if (questions.Count == 0)
        {
            return;
        }
        // The groups are read (and every wording compared with them) only for wordings not seen before; a known
        // wording goes to its group again, and starts a new one if staff have closed that group since.
        if (_groupOf.Count > MaxRemembered)
        {
            _groupOf.Clear();
        }
        var groups = questions.Keys.All(_groupOf.ContainsKey) ? null : await store.OpenGroupsAsync(ct);
        await store.KeepAllAsync(questions.Values.ToList(),
            text => _groupOf.TryGetValue(text, out var id) ? id : grouper.Match(text, groups!),
            (text, id, started) =>
            {
                _groupOf[text] = id;
                if (started)
                {
                    groups?.Add((id, text));
                }
            },
            options.Value.ExamplesPerQuestion, ct);
    }

    private string? Clean(string? question) => question is null ? null : redactor.Redact(question).Trim();
}
