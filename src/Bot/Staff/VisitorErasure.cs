using Bot.Conversation;
using Bot.DirectLine;
using Bot.Handoff;

namespace Bot.Staff;

/// <summary>
/// One visitor's erasure request across the app: their requests in the handoff store, then what the chat still
/// holds of those conversations in memory (the Direct Line transcript, the conversation state). The in-memory
/// stores are per instance; they expire on their own (DirectLine:TranscriptTimeToLive) on the others.
/// </summary>
public sealed class VisitorErasure(HandoffDeletion deletion, IConversationStateStore states, ITranscriptStore transcripts)
{
    public async Task<int> EraseAsync(string? phone, string? email, string actor, CancellationToken ct)
    {
        var erased = await deletion.EraseAsync(phone, email, actor, ct);
        foreach (var conversationId in erased.ConversationIds)
        {
            await states.RemoveAsync(conversationId, ct);
            await transcripts.RemoveAsync(conversationId, ct);
        }
        return erased.Count;
    }
}
