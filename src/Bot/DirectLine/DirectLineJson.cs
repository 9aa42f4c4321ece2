using System.Text.Json.Serialization;
using Bot.Protocol;

namespace Bot.DirectLine;

/// <summary>What a stream frame and GET activities carry; directlinejs needs the array even when empty.</summary>
public sealed record ActivitySet(IReadOnlyList<Activity> Activities, string? Watermark);

public sealed record ConversationResponse(
    string ConversationId,
    string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    string? StreamUrl = null);

public sealed record StartRequest(StartRequestUser? User, string? Locale);

public sealed record StartRequestUser(string? Id, string? Name);

public sealed record ErrorResponse(ErrorBody Error);

public sealed record ErrorBody(string Code, string Message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ActivitySet))]
[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(StartRequest))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ResourceResponse))]
public sealed partial class DirectLineJson : JsonSerializerContext;
