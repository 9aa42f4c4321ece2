using Bot.Conversation;
using Bot.DirectLine;
using Bot.Handoff;

namespace Bot.Staff;

/// <summary>
/// One visitor's erasure request across the app: their requests in the handoff store, then what the app still
/// holds of those conversations (the insights rows, the Direct Line transcript, the conversation state). The
/// in-memory stores are per instance; they expire on their own (DirectLine:TranscriptTimeToLive) on the others.
/// </summary>
public sealed class VisitorErasure(HandoffDeletion deletion, IConversationStateStore states, ITranscriptStore transcripts, Insights.InsightsDeletion insights)
{
    public async Task<int> EraseAsync(string? phone, string? email, string actor, CancellationToken ct)
    {
        var erased = await deletion.EraseAsync(phone, email, actor, ct);
        await insights.ForgetConversationsAsync(erased.ConversationIds, ct);
        foreach (var conversationId in erased.ConversationIds)
        {
            await states.RemoveAsync(conversationId, ct);
            await transcripts.RemoveAsync(conversationId, ct);
        }
        return erased.Count;
    }
}
