using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>A token's claims: the one conversation it opens, the user it names, when it stops working.</summary>
public sealed record DirectLineToken(string ConversationId, string? UserId, DateTimeOffset ExpiresAt);

/// <summary>Who is calling: nobody (401), someone with a bad or expired token (403), the site's backend, or a visitor.</summary>
public abstract record DirectLineCaller
{
    public sealed record Anonymous : DirectLineCaller;
    public sealed record Rejected(string Reason) : DirectLineCaller;
    public sealed record SiteBackend : DirectLineCaller;
    public sealed record Visitor(DirectLineToken Token) : DirectLineCaller;
}

/// <summary>
/// Conversation-bound tokens, shaped as HS256 JWTs so directlinejs and Web Chat read the user id
/// from the `user` claim, as they do with Azure's tokens. The signing key and the secret live in the
/// data folder; neither ever leaves the server.
/// </summary>
public sealed class DirectLineTokens
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes(Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8));

    private readonly DirectLineKeys keys;
    private readonly Lazy<byte[]> secret;
    private readonly TimeProvider time;
    private readonly TimeSpan lifetime;

    public DirectLineTokens(IOptions<DirectLineOptions> options, DirectLineKeys keys, TimeProvider time)
    {
        this.keys = keys;
        keys.CreateUnlessShared();
        secret = new Lazy<byte[]>(() => Encoding.UTF8.GetBytes(keys.Secret), LazyThreadSafetyMode.PublicationOnly);
        this.time = time;
        lifetime = TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds);
    }

    public int LifetimeSeconds => (int)lifetime.TotalSeconds;

    public static string NewConversationId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>User ids baked into a token start with dl_, the Direct Line convention clients respect.</summary>
    public static string NewUserId() => "dl_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public string Issue(string conversationId, string? userId)
    {
        var now = time.GetUtcNow();
        var claims = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(claims))
        {
            json.WriteStartObject();
            json.WriteString("conv", conversationId);
            json.WriteString("user", userId);
            json.WriteNumber("iat", now.ToUnixTimeSeconds());
            json.WriteNumber("exp", (now + lifetime).ToUnixTimeSeconds());
            json.WriteEndObject();
        }
        var body = Base64Url.EncodeToString(claims.WrittenSpan);
        var signed = Encoding.UTF8.GetString(Header) + "." + body;
        return signed + "." + Base64Url.EncodeToString(Sign(signed));
    }

    public DirectLineCaller Identify(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return new DirectLineCaller.Anonymous();
        }
        return IdentifyCredential(header[7..].Trim());
    }

    public DirectLineCaller IdentifyCredential(string? credential)
    {
        if (string.IsNullOrEmpty(credential))
        {
            return new DirectLineCaller.Anonymous();
        }
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credential), secret.Value))
        {
            return new DirectLineCaller.SiteBackend();
        }
        return Validate(credential) is { } token
            ? token.ExpiresAt > time.GetUtcNow() ? new DirectLineCaller.Visitor(token) : new DirectLineCaller.Rejected("The token has expired.")
            : new DirectLineCaller.Rejected("The token is not valid.");
    }

    private DirectLineToken? Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !Base64Url.IsValid(parts[2]))
        {
            return null;
        }
        var expected = Sign(parts[0] + "." + parts[1]);
        if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
        {
            return null;
        }
        try
        {
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = claims.RootElement;
            var conversation = root.GetProperty("conv").GetString();
            var user = root.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var expires = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
            return conversation is { Length: > 0 } ? new DirectLineToken(conversation, user, expires) : null;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private byte[] Sign(string headerAndPayload) => HMACSHA256.HashData(keys.SigningKey, Encoding.UTF8.GetBytes(headerAndPayload));
}
