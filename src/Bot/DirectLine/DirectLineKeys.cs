using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>
/// The Direct Line secret and the token signing key. Both are created in the data folder on first run
/// (readable by the owner only) so tokens survive restarts and every instance sharing the folder agrees.
/// </summary>
public sealed class DirectLineKeys
{
    public DirectLineKeys(IOptions<DirectLineOptions> options, IConfiguration configuration, IHostEnvironment environment)
    {
        var dataPath = Path.GetFullPath(Path.Combine(environment.ContentRootPath, configuration["Storage:DataPath"] is { Length: > 0 } p ? p : "data"));
        var folder = Path.Combine(dataPath, "directline");
        Directory.CreateDirectory(folder);
        Secret = options.Value.Secret is { Length: > 0 } configured
            ? configured
            : ReadOrCreate(Path.Combine(folder, "secret"), () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('='));
        SigningKey = Convert.FromBase64String(
            ReadOrCreate(Path.Combine(folder, "token-signing-key"), () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }

    public string Secret { get; }

    public byte[] SigningKey { get; }

    private static string ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var value = create();
        try
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var stream = new FileStream(path, fileOptions);
            using var writer = new StreamWriter(stream);
            writer.Write(value);
            return value;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance created it first: use theirs.
            return File.ReadAllText(path).Trim();
        }
    }
}
