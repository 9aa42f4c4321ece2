using System.Security.Cryptography;
using Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>
/// The Direct Line secret and the token signing key. Both are created in the data folder on first run (readable
/// by the owner only) so tokens survive restarts. Instances on a shared database agree through it instead
/// (<paramref name="share"/>: the first instance's value wins, offered from its folder so a single instance moved
/// to the database keeps its secret). Read on first use, so the app starts (alive, not ready) while the database is down.
/// </summary>
public sealed class DirectLineKeys(IOptions<DirectLineOptions> options, string folder, Func<string, string, string>? share = null)
{
    public const string SecretName = "directline-secret";
    public const string SigningKeyName = "directline-signing-key";

    private readonly Lazy<string> secret = new(() => options.Value.Secret is { Length: > 0 } configured
        ? configured
        : Shared(share, SecretName, KeyFile.ReadOrCreate(folder, "secret", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('='))),
        LazyThreadSafetyMode.PublicationOnly);

    private readonly Lazy<byte[]> signingKey = new(() => Convert.FromBase64String(
        Shared(share, SigningKeyName, KeyFile.ReadOrCreate(folder, "token-signing-key", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))),
        LazyThreadSafetyMode.PublicationOnly);

    /// <summary>On its own, an instance writes its keys at start-up, so an operator can read the secret from the folder.</summary>
    public void CreateUnlessShared()
    {
        if (share is null)
        {
            _ = secret.Value;
            _ = signingKey.Value;
        }
    }

    public string Secret => secret.Value;

    public byte[] SigningKey => signingKey.Value;

    /// <summary>The data folder's directline/ subfolder, where a single instance keeps its keys.</summary>
    public static string Folder(IConfiguration configuration, IHostEnvironment environment) => Path.Combine(
        Path.GetFullPath(Path.Combine(environment.ContentRootPath, configuration["Storage:DataPath"] is { Length: > 0 } p ? p : "data")), "directline");

    private static string Shared(Func<string, string, string>? share, string name, string candidate) => share is null ? candidate : share(name, candidate);
}
