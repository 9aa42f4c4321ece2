using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Protocol;

/// <summary>
/// A Bot Framework Activity (v3 wire shape). Unknown fields are ignored on the way in, null
/// fields are left out on the way out, as the protocol asks (A2005, A2004).
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? LocalTimestamp { get; init; }
    public string? LocalTimezone { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? TextFormat { get; init; }
    public string? Locale { get; init; }
    public string? Text { get; init; }
    public string? Speak { get; init; }
    public string? InputHint { get; init; }
    public string? Summary { get; init; }
    public string? ReplyToId { get; init; }
    public string? DeliveryMode { get; init; }
    public string? Name { get; init; }
    public string? Code { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
    public SuggestedActions? SuggestedActions { get; init; }
    public IReadOnlyList<JsonElement>? Attachments { get; init; }
    public string? AttachmentLayout { get; init; }
    public IReadOnlyList<JsonElement>? Entities { get; init; }
    public JsonElement? ChannelData { get; init; }
    public JsonElement? Value { get; init; }
}

// The parameterless constructors are for the JSON reader: properties set one by one are cheaper to read than
// constructor arguments, which it buffers first (two of these per incoming activity).
public sealed record ChannelAccount(string? Id, string? Name = null, string? Role = null)
{
    [JsonConstructor]
    public ChannelAccount() : this(Id: null)
    {
    }
}

public sealed record ConversationAccount(string? Id, string? Name = null)
{
    [JsonConstructor]
    public ConversationAccount() : this(Id: null)
    {
    }
}

public sealed record SuggestedActions(IReadOnlyList<CardAction> Actions, IReadOnlyList<string>? To = null);

public sealed record CardAction(string Type, string Title, string? Value = null, string? Text = null, string? DisplayText = null);

/// <summary>The body of an expectReplies response.</summary>
public sealed record ExpectedReplies(IReadOnlyList<Activity> Activities);

public sealed record ResourceResponse(string Id);

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string EndOfConversation = "endOfConversation";
    public const string Invoke = "invoke";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ExpectedReplies))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(List<Activity>))]
[JsonSerializable(typeof(OAuthTokenResponse))]
public sealed partial class ProtocolJson : JsonSerializerContext;
