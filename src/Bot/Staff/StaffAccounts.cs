using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bot.Handoff;
using Microsoft.Extensions.Options;

namespace Bot.Staff;

/// <summary>
/// Who may sign in: the accounts in Staff:Users, or, when there are none, one "admin" whose password is set
/// once through /staff/setup with a one-time code written to the log at start-up (so only whoever runs the
/// server can claim it). The admin hash is kept in the data folder.
/// </summary>
public sealed partial class StaffAccounts
{
    public const string AdminUserName = "admin";

    private readonly IOptions<StaffOptions> options;
    private readonly string adminFile;
    private readonly Lock gate = new();
    private string? setupCode;

    public StaffAccounts(IOptions<StaffOptions> options, IOptions<StorageOptions> storage, IHostEnvironment environment, ILogger<StaffAccounts> logger)
    {
        this.options = options;
        adminFile = Path.Combine(Path.GetFullPath(Path.Combine(environment.ContentRootPath, storage.Value.DataPath)), "staff-admin.json");
        if (NeedsSetup)
        {
            setupCode = RandomNumberGenerator.GetString("ABCDEFGHJKMNPQRSTVWXYZ23456789", 10);
            Log.SetupCode(logger, setupCode);
        }
    }

    /// <summary>No configured accounts and no admin password yet.</summary>
    public bool NeedsSetup => options.Value.Users.Count == 0 && !File.Exists(adminFile);

    public bool TrySetUpAdmin(string code, string password)
    {
        lock (gate)
        {
            if (!NeedsSetup || setupCode is null || !FixedTimeEquals(code.Trim().ToUpperInvariant(), setupCode))
            {
                return false;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(adminFile)!);
            File.WriteAllText(adminFile, JsonSerializer.Serialize(new StaffUser { UserName = AdminUserName, PasswordHash = PasswordHash.Create(password) }, StaffUserJson.Default.StaffUser));
            setupCode = null;
            return true;
        }
    }

    /// <summary>The account when the password matches; null otherwise.</summary>
    public StaffUser? SignIn(string userName, string password)
    {
        var user = AllUsers().FirstOrDefault(u => string.Equals(u.UserName, userName.Trim(), StringComparison.OrdinalIgnoreCase));
        if (user is null)
        {
            // Same work for an unknown name, so response time does not reveal which names exist.
            PasswordHash.Verify(password, "PBKDF2-SHA256$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            return null;
        }
        return PasswordHash.Verify(password, user.PasswordHash) ? user : null;
    }

    /// <summary>The actor name for the audit log when the key is valid: a short fingerprint, never the key.</summary>
    public string? ApiKeyActor(string key)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        foreach (var candidate in options.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)))
        {
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
            if (CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                return "api-key:" + Convert.ToHexStringLower(expected)[..8];
            }
        }
        return null;
    }

    private IEnumerable<StaffUser> AllUsers()
    {
        if (options.Value.Users.Count > 0)
        {
            return options.Value.Users;
        }
        return File.Exists(adminFile) && JsonSerializer.Deserialize(File.ReadAllText(adminFile), StaffUserJson.Default.StaffUser) is { } admin ? [admin] : [];
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "No staff accounts are configured: open /staff/setup and enter the one-time setup code {SetupCode} to set the admin password")]
        public static partial void SetupCode(ILogger logger, string setupCode);
    }
}
