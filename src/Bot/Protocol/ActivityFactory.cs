using System.Text.Json;

namespace Bot.Protocol;

/// <summary>Builds replies the way the SDK does: from/recipient swapped, conversation copied, replyToId set.</summary>
public static class ActivityFactory
{
    public static Activity Reply(Activity incoming, string? text, SuggestedActions? actions = null, IReadOnlyList<JsonElement>? entities = null)
    {
        // Replies to a conversationUpdate on Direct Line go to SendToConversation (no replyToId), as the SDK does.
        var replyTo = incoming.Type == ActivityTypes.ConversationUpdate ? null : incoming.Id;
        var from = incoming.Recipient is { } r ? r with { Role = "bot" } : new ChannelAccount("bot", null, "bot");
        var to = incoming.From is { } f ? f with { Role = f.Role ?? "user" } : null;
        return new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = incoming.ChannelId,
            ServiceUrl = incoming.ServiceUrl,
            Conversation = incoming.Conversation,
            From = from,
            Recipient = to,
            ReplyToId = replyTo,
            Locale = incoming.Locale,
            TextFormat = "markdown",
            Text = text,
            InputHint = actions is null ? "acceptingInput" : "expectingInput",
            SuggestedActions = actions,
            Entities = entities,
        };
    }

    public static Activity Typing(Activity incoming) => Reply(incoming, null) with
    {
        Type = ActivityTypes.Typing,
        TextFormat = null,
        InputHint = null,
    };
}
