using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Conversation;

/// <summary>
/// A conversation's state as UTF-8 JSON: what the in-memory store keeps, and what a shared store (several
/// instances on one database) would write. Source-generated, so no reflection on a turn.
/// </summary>
public static class ConversationStateCodec
{
    // Only what JSON itself requires is escaped: the bytes are never embedded in HTML, and the default encoder's
    // \u0027 for every apostrophe and \uXXXX for every non-ASCII letter made states longer and slower to write.
    private static readonly ConversationStateJson Json = new(new JsonSerializerOptions(ConversationStateJson.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static byte[] Encode(ConversationState state) => JsonSerializer.SerializeToUtf8Bytes(state, Json.ConversationState);

    public static ConversationState Decode(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Json.ConversationState) ?? new ConversationState();
}

// Enums by name, so a state written before a release that reorders one still reads back right.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ConversationState))]
internal sealed partial class ConversationStateJson : JsonSerializerContext;
