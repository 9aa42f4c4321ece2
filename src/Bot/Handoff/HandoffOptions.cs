namespace Bot.Handoff;

public enum StorageProvider
{
    Sqlite,
    PostgreSql,
}

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Data folder, relative to the content root: the SQLite file and the encryption keys live here.</summary>
    public string DataPath { get; set; } = "data";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Where Data Protection keys are kept; apart from the database so a copy of one alone reveals nothing.</summary>
    public string? KeysPath { get; set; }

    /// <summary>
    /// A certificate with its private key (.pfx, or .pem holding both) that encrypts the key ring where it is kept.
    /// With PostgreSQL the key ring lives in the database beside what it decrypts: then only this file, on each
    /// instance and not in the database, makes a copy of the database useless alone.
    /// </summary>
    public string? KeyRingCertificate { get; set; }

    /// <summary>The .pfx file's password, if it has one.</summary>
    public string? KeyRingCertificatePassword { get; set; }
}

public sealed class HandoffOptions
{
    public const string Section = "Handoff";

    /// <summary>Staff inbox address used in notifications, e.g. https://clinic.example/staff.</summary>
    public string InboxUrl { get; set; } = "http://localhost:5000/staff";

    public string ReferencePrefix { get; set; } = "KC";

    /// <summary>Delivery attempts (each with its own short in-attempt retries) before a job is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First wait between persisted attempts; doubles each time, capped by <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Delay between the quick retries inside one attempt (Polly).</summary>
    public TimeSpan InAttemptRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed job stays reserved for the instance sending it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan DispatcherStartDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Requests one conversation may send in an hour; past it the visitor is asked to call instead.</summary>
    public int MaxPerConversationPerHour { get; set; } = 3;

    /// <summary>Requests one client address may send in an hour (a clinic's shared Wi-Fi sends several honestly).</summary>
    public int MaxPerAddressPerHour { get; set; } = 10;

    /// <summary>The same phone or email sent again within this window updates the open request instead of adding one.</summary>
    public TimeSpan SameDetailsWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Days a closed (or spam) request and its transcript are kept after its last status change.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often the retention purge runs; each run is cheap and safe on several instances at once.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Region for phone numbers staff type without a country code in an erasure request (as Intake:DefaultRegion).</summary>
    public string PhoneRegion { get; set; } = "US";

    public EmailChannelOptions Email { get; set; } = new();

    public WebhookChannelOptions Webhook { get; set; } = new();
}

public sealed class EmailChannelOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? From { get; set; }

    /// <summary>One or more staff addresses, comma-separated.</summary>
    public string? To { get; set; }

    public bool UseTls { get; set; } = true;
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Off by default: email is no place for health details, so it carries only the reference and a link.</summary>
    public bool IncludeContactDetails { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(To);
}

public sealed class WebhookChannelOptions
{
    public string? Url { get; set; }
    public string? Secret { get; set; }

    /// <summary>The webhook goes to a signed endpoint the clinic runs, so it carries the contact details by default.</summary>
    public bool IncludeContactDetails { get; set; } = true;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);
}
