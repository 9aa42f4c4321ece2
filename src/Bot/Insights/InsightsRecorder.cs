using System.Threading.Channels;
using Bot.Conversation;
using Bot.Conversation.Intake;
using Microsoft.Extensions.Options;

namespace Bot.Insights;

/// <summary>
/// Counts each message turn in <see cref="InsightsTally"/>, and hands the turns staff need one by one (questions
/// worth a look, the intake's steps) and each vote to <see cref="InsightsWriter"/> through a bounded queue: a
/// visitor's turn never waits for the database, and a stalled database costs the oldest records, not memory.
/// </summary>
public sealed class InsightsRecorder(InsightsTally tally, IOptions<InsightsOptions> options, TimeProvider time)
{
    private readonly Channel<InsightEvent> _queue = Channel.CreateBounded<InsightEvent>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<InsightEvent> Reader => _queue.Reader;

    /// <summary>Called once per turn after the state is saved; turns that are not messages have no outcome.</summary>
    /// <param name="firstMessage">The conversation's first message: the conversation is counted with it.</param>
    public void Record(Turn turn, bool firstMessage)
    {
        if (turn.Outcome is not { } outcome || turn.Incoming.Conversation?.Id is not { } conversationId)
        {
            return;
        }
        var now = time.GetUtcNow();
        var kept = outcome.Kind is TurnKind.Fallback or TurnKind.Declined || outcome is { Kind: TurnKind.Clarified, EntryId: not null };
        // The row is queued before the count: the writer takes the counts before it drains the queue, so a turn it
        // has counted always has its row written in the same pass.
        if (kept || outcome.Kind == TurnKind.Intake)
        {
            var detail = outcome.Kind == TurnKind.Intake ? IntakeStep(turn) : null;
            _queue.Writer.TryWrite(new TurnRecorded(now, conversationId, outcome, kept ? turn.Text : null, detail));
        }
        var day = InsightsTally.Day(now);
        tally.Add(day, outcome.Label, outcome.EntryId);
        if (firstMessage)
        {
            tally.Add(day, InsightsTally.Conversation, null);
        }
    }

    public void Vote(VoteRecorded vote) => _queue.Writer.TryWrite(vote);

    /// <summary>Where the form stands after this turn, so the funnel can say at which step visitors stop.</summary>
    private static string IntakeStep(Turn turn) => turn.State.Intake switch
    {
        null when turn.State.LastRequest is { } sent && turn.Replies.Any(r => r.Text?.Contains(sent.Reference, StringComparison.Ordinal) == true) => "sent",
        null => "ended",
        { Stage: IntakeStage.Filling } form => IntakeSlots.Next(form)?.Id.ToString() ?? "Summary",
        var form => form.Stage.ToString(),
    };
}
