using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Tests.Protocol;

/// <summary>
/// A real HTTP server on a loopback port standing in for the Bot Framework's cloud side, in the documented shapes:
/// the OpenID metadata (login.botframework.com/v1/.well-known/openidconfiguration) whose jwks_uri lists RSA keys with
/// their "endorsements"; the client-credentials token endpoint (login.microsoftonline.com/botframework.com/oauth2/v2.0/token);
/// and a channel's connector, which records the replies the bot POSTs to it.
/// </summary>
public sealed class BotFrameworkStandIn : IAsyncDisposable
{
    public const string AppId = "5f0c1a2e-test-app-id";
    public const string AppPassword = "stand-in-client-secret";
    public const string Issuer = "https://api.botframework.com";

    private readonly WebApplication _app;
    private readonly Dictionary<string, (RSA Key, string[] Endorsements)> _published = new();
    private int _tokensIssued;

    private BotFrameworkStandIn(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";

    public string TokenEndpoint => BaseUrl + "/botframework.com/oauth2/v2.0/token";

    /// <summary>The channel's service URL: replies go to {ServiceUrl}v3/conversations/...</summary>
    public string ServiceUrl => BaseUrl + "/";

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    public ConcurrentQueue<(string? Authorization, JsonObject Activity)> Replies { get; } = new();

    /// <summary>Settings for a bot registered with this stand-in, its service URL allowed.</summary>
    public Dictionary<string, string?> BotSettings() => new()
    {
        ["Bot:MicrosoftAppId"] = AppId,
        ["Bot:MicrosoftAppPassword"] = AppPassword,
        ["Bot:OpenIdMetadataUrl"] = MetadataUrl,
        ["Bot:TokenEndpoint"] = TokenEndpoint,
        ["Bot:AllowedServiceUrls:0"] = ServiceUrl,
    };

    public static async Task<BotFrameworkStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new BotFrameworkStandIn(app);
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = standIn.BaseUrl + "/v1/.well-known/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            var keys = new JsonArray();
            foreach (var (kid, (rsa, endorsements)) in standIn._published)
            {
                var p = rsa.ExportParameters(includePrivateParameters: false);
                keys.Add(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = kid,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                    ["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
                });
            }
            return Results.Json(new JsonObject { ["keys"] = keys });
        });
        app.MapPost("/botframework.com/oauth2/v2.0/token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            standIn.TokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            var n = Interlocked.Increment(ref standIn._tokensIssued);
            return Results.Json(new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = 3599,
                ["ext_expires_in"] = 3599,
                ["access_token"] = $"bot-token-{n}",
            });
        });
        app.MapPost("/v3/conversations/{**rest}", async (HttpContext http) =>
        {
            var activity = await http.Request.ReadFromJsonAsync<JsonObject>();
            standIn.Replies.Enqueue((http.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, activity!));
            return Results.Json(new { id = "reply-" + Guid.NewGuid().ToString("n") });
        });
        await app.StartAsync();
        return standIn;
    }

    /// <summary>Lists a new signing key in the JWKS, endorsing these channels; returns it to sign with.</summary>
    public SigningKey PublishKey(string kid, params string[] endorsements)
    {
        var rsa = RSA.Create(2048);
        _published[kid] = (rsa, endorsements);
        return new SigningKey(kid, rsa);
    }

    /// <summary>Waits until a reply answering <paramref name="replyToId"/> arrives; every reply received so far is returned.</summary>
    public async Task<IReadOnlyList<(string? Authorization, JsonObject Activity)>> RepliesUntilAsync(string replyToId, int count = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var all = Replies.ToList();
            if (all.Count(r => r.Activity["replyToId"]?.GetValue<string>() == replyToId) >= count)
            {
                return all;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no reply to {replyToId} reached the channel");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var (rsa, _) in _published.Values)
        {
            rsa.Dispose();
        }
    }
}

/// <summary>An RSA key the stand-in (or an attacker) signs channel tokens with.</summary>
public sealed record SigningKey(string Kid, RSA Rsa)
{
    public static SigningKey Unpublished(string kid) => new(kid, RSA.Create(2048));

    /// <summary>A channel token as the Bot Framework issues it; each part may be bent for a test.</summary>
    public string Token(string serviceUrl, string audience = BotFrameworkStandIn.AppId, string issuer = BotFrameworkStandIn.Issuer,
        DateTime? expires = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddHours(-1),
            NotBefore = exp.AddHours(-1),
            Expires = exp,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(Rsa) { KeyId = Kid }, SecurityAlgorithms.RsaSha256),
        });
    }
}
