using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Bot.Protocol;

/// <summary>
/// The bot's own token for replies to a channel: OAuth client credentials (app id and password) at
/// Bot:TokenEndpoint, kept until shortly before it expires so a turn does not wait on the identity service.
/// </summary>
public sealed class BotTokenClient(IHttpClientFactory clients, IOptions<BotOptions> options, TimeProvider time) : IDisposable
{
    public const string Scope = "https://api.botframework.com/.default";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _cached;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && time.GetUtcNow() < cached.RenewAt)
        {
            return cached.Token;
        }
        // One request at a time: replies that arrive together share the token the first one fetches.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && time.GetUtcNow() < again.RenewAt)
            {
                return again.Token;
            }
            var o = options.Value;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.MicrosoftAppId,
                ["client_secret"] = o.MicrosoftAppPassword,
                ["scope"] = Scope,
            });
            using var response = await clients.CreateClient(nameof(BotTokenClient)).PostAsync(o.TokenEndpoint, form, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"token endpoint answered {(int)response.StatusCode}", null, response.StatusCode);
            }
            var body = await response.Content.ReadFromJsonAsync(ProtocolJson.Default.OAuthTokenResponse, cancellationToken);
            if (body?.AccessToken is not { Length: > 0 } token || body.ExpiresIn <= 0)
            {
                throw new JsonException("token endpoint sent no access_token or expires_in");
            }
            var lifetime = TimeSpan.FromSeconds(body.ExpiresIn);
            // Renewed five minutes early (as MSAL does), or halfway for short tokens, so none expires on the way.
            var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, lifetime.Ticks / 2));
            _cached = new CachedToken(token, time.GetUtcNow() + lifetime - margin);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record CachedToken(string Token, DateTimeOffset RenewAt);
}

/// <summary>The token endpoint's answer (RFC 6749 §5.1); Azure AD v1 sent expires_in as a string.</summary>
public sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int ExpiresIn);
