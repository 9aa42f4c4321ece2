using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace Bot.Handoff;

/// <summary>
/// Keyed hashes (a blind index) of the normalised phone, email and client address, stored beside the encrypted
/// values so the store can find one visitor's requests (duplicates, limits, erasure) without decrypting every row.
/// The key lives with the Data Protection keys, apart from the database: a copy of the database alone cannot be
/// searched for a guessed phone number.
/// </summary>
public sealed class ContactIndex
{
    private const string KeyFileName = "contact-index.key";
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    // Read on first use, not at start-up: on PostgreSQL the key is in the database, and the app must start (alive,
    // not ready) while the database is down. PublicationOnly: a failed read is tried again on the next use.
    private readonly Lazy<byte[]> key;
    private readonly string region;

    public ContactIndex(Func<byte[]> loadKey, IOptions<HandoffOptions> options)
    {
        key = new Lazy<byte[]>(loadKey, LazyThreadSafetyMode.PublicationOnly);
        region = options.Value.PhoneRegion;
    }

    /// <summary>Reads the key from <paramref name="folder"/>, creating it on first run (every instance sharing the folder agrees).</summary>
    public static byte[] LoadOrCreateKey(string folder) =>
        Convert.FromBase64String(Storage.KeyFile.ReadOrCreate(folder, KeyFileName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    /// <summary>
    /// The key every instance on one PostgreSQL database uses: the first to start stores it, the rest read it back.
    /// A key file already in <paramref name="folder"/> (a single instance moved to PostgreSQL) is the one offered,
    /// so the hashes of its existing requests still match.
    /// </summary>
    public static byte[] LoadOrCreateSharedKey(HandoffDatabase database, Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection, string folder)
    {
        var existing = Path.Combine(folder, KeyFileName);
        var candidate = File.Exists(existing) ? File.ReadAllText(existing).Trim() : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var key = Storage.SharedKeys.GetOrAddAsync(database, protection, Storage.SharedKeys.ContactIndex, candidate, CancellationToken.None).GetAwaiter().GetResult();
        return Convert.FromBase64String(key);
    }

    public string? Phone(string? phone) => NormalisePhone(phone) is { } e164 ? Hash("phone", e164) : null;

    public string? Email(string? email) => NormaliseEmail(email) is { } normal ? Hash("email", normal) : null;

    public string? ClientAddress(string? address) => string.IsNullOrWhiteSpace(address) ? null : Hash("client", address.Trim());

    /// <summary>E.164, so "(555) 123-4567" and "+15551234567" match; null when it is not a phone number at all.</summary>
    public string? NormalisePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        try
        {
            // Lenient on purpose: erasure must find a number even if it is not a valid one today.
            return Phones.Format(Phones.Parse(phone, region), PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    public static string? NormaliseEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) || !email.Contains('@') ? null : email.Trim().ToLowerInvariant();

    private string Hash(string kind, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes(kind + ":" + value)));
}
