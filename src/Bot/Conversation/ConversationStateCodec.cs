using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Conversation;

/// <summary>
/// A conversation's state as UTF-8 JSON: what the in-memory store keeps, and what a shared store (several
/// instances on one database) would write. Source-generated, so no reflection on a turn.
/// </summary>
public static class ConversationStateCodec
{
    public static byte[] Encode(ConversationState state) => JsonSerializer.SerializeToUtf8Bytes(state, ConversationStateJson.Default.ConversationState);

    public static ConversationState Decode(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, ConversationStateJson.Default.ConversationState) ?? new ConversationState();
}

// Enums by name, so a state written before a release that reorders one still reads back right.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ConversationState))]
internal sealed partial class ConversationStateJson : JsonSerializerContext;
