using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Protocol;

/// <summary>A channel token that passed the signature, issuer, audience and lifetime checks, and what it vouches for.</summary>
public sealed record ChannelToken(string ServiceUrl, IReadOnlySet<string> Endorsements)
{
    /// <summary>
    /// The activity must come from a channel the signing key endorses and name the service URL the token was
    /// issued for, as the SDK's ChannelValidation checks: otherwise a token for one channel could carry another's traffic.
    /// </summary>
    public bool Admits(Activity activity) =>
        activity.ChannelId is { Length: > 0 } channel && Endorsements.Contains(channel)
        && string.Equals(ServiceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Validates the Bot Framework channel's JWT against the keys its OpenID metadata lists (jwks_uri), cached and
/// refreshed by IdentityModel's ConfigurationManager.
/// </summary>
public sealed class ChannelTokenValidator
{
    public const string Issuer = "https://api.botframework.com";

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly BotOptions _options;
    private readonly ILogger<ChannelTokenValidator> _logger;

    public ChannelTokenValidator(IHttpClientFactory clients, IOptions<BotOptions> options, ILogger<ChannelTokenValidator> logger)
    {
        _options = options.Value;
        _logger = logger;
        var requireHttps = !IsLoopbackUrl(_options.OpenIdMetadataUrl);
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            _options.OpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(), new FactoryDocumentRetriever(clients, requireHttps));
    }

    /// <summary>The validated token, or null when the header is missing or the token fails any check.</summary>
    public async Task<ChannelToken?> ValidateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorization["Bearer ".Length..].Trim();
        OpenIdConnectConfiguration config;
        try
        {
            config = await _metadata.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // No keys, nothing can be checked: refuse rather than answer 500 (the channel retries).
            _logger.LogWarning("Channel signing keys unavailable from {Url}: {Error}", _options.OpenIdMetadataUrl, ex.Message);
            return null;
        }
        var result = await _handler.ValidateTokenAsync(token, Parameters(config));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A key not in the cached set: the channel may have rolled its keys, so look again (rate-limited by the manager).
            _metadata.RequestRefresh();
            config = await _metadata.GetConfigurationAsync(cancellationToken);
            result = await _handler.ValidateTokenAsync(token, Parameters(config));
        }
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            _logger.LogInformation("Channel token refused: {Reason}", result.Exception?.GetType().Name ?? "not a JWT");
            return null;
        }
        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var serviceUrl) || string.IsNullOrWhiteSpace(serviceUrl))
        {
            _logger.LogInformation("Channel token refused: no serviceurl claim");
            return null;
        }
        var key = config.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid is { } kid && kid == jwt.Kid);
        return new ChannelToken(serviceUrl, Endorsements(key));
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration config) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = _options.MicrosoftAppId,
        IssuerSigningKeys = config.SigningKeys,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
        // The SDK's allowance for clocks that disagree.
        ClockSkew = TimeSpan.FromMinutes(5),
        RequireExpirationTime = true,
        RequireSignedTokens = true,
    };

    /// <summary>The channels a key endorses: the Bot Framework's own "endorsements" array beside each key in the JWKS.</summary>
    private static IReadOnlySet<string> Endorsements(JsonWebKey? key)
    {
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var value))
        {
            return new HashSet<string>();
        }
        IEnumerable<string?> items = value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null),
            IEnumerable<object> list => list.Select(o => o as string ?? (o is JsonElement { ValueKind: JsonValueKind.String } e ? e.GetString() : null)),
            _ => [],
        };
        return items.OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    internal static bool IsLoopbackUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>A fresh client from the factory per fetch, so the metadata cache does not pin one handler (and its DNS) forever.</summary>
    private sealed class FactoryDocumentRetriever(IHttpClientFactory clients, bool requireHttps) : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            new HttpDocumentRetriever(clients.CreateClient(nameof(ChannelTokenValidator))) { RequireHttps = requireHttps }
                .GetDocumentAsync(address, cancel);
    }
}
