using Bot.Privacy;
using Microsoft.Extensions.Options;

namespace Bot.Insights;

/// <summary>
/// Drains <see cref="InsightsRecorder"/> into the database: every turn's outcome and every vote, and the questions
/// worth a look (fallback, "did you mean", decline, "not helpful"), redacted of contact details and grouped.
/// </summary>
public sealed class InsightsWriter(
    InsightsRecorder recorder,
    InsightsStore store,
    QuestionGrouper grouper,
    LocalRedactor redactor,
    IOptions<InsightsOptions> options,
    ILogger<InsightsWriter> logger) : BackgroundService
{
    /// <summary>Events written so far (tests and the dashboard wait on it rather than on time).</summary>
    public long Written => Interlocked.Read(ref _written);

    private long _written;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in recorder.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await WriteAsync(item, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Insights are worth less than the turns: log, drop this one, carry on.
                    logger.LogWarning(ex, "An insights record could not be written");
                }
                Interlocked.Increment(ref _written);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(InsightEvent item, CancellationToken ct)
    {
        switch (item)
        {
            case TurnRecorded turn:
                await store.AddTurnAsync(turn, ct);
                await KeepAsync(turn.Question, turn.ConversationId, turn.At, ct);
                break;
            case VoteRecorded vote:
                var question = Clean(vote.Question);
                await store.AddVoteAsync(vote, question, ct);
                if (!vote.Helpful)
                {
                    await KeepAsync(vote.Question, vote.ConversationId, vote.At, ct);
                }
                break;
        }
    }

    private async Task KeepAsync(string? question, string conversationId, DateTimeOffset at, CancellationToken ct)
    {
        if (Clean(question) is not { Length: > 0 } text)
        {
            return;
        }
        var group = grouper.Match(text, await store.OpenGroupsAsync(ct));
        await store.KeepAsync(group, text, conversationId, at, options.Value.ExamplesPerQuestion, ct);
    }

    private string? Clean(string? question) => question is null ? null : redactor.Redact(question).Trim();
}
