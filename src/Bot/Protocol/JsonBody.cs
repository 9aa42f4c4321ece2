using System.Text.Json;

namespace Bot.Protocol;

/// <summary>One string property of a small JSON object body, as the staff APIs take them: {"status": "contacted"}.</summary>
internal static class JsonBody
{
    /// <summary>IsJson false when the body does not parse; Value null when the property is absent or not a string.</summary>
    public static async Task<(bool IsJson, string? Value)> ReadStringAsync(HttpRequest request, string property, CancellationToken ct)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            var root = body.RootElement;
            return (true, root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null);
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }
}
