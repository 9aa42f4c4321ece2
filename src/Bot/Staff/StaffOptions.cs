using System.Text.Json.Serialization;

namespace Bot.Staff;

public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>Staff accounts; hashes from `dotnet run --project src/Bot -- staff hash-password`.</summary>
    public List<StaffUser> Users { get; set; } = [];

    /// <summary>Keys for the JSON API (Authorization: Bearer &lt;key&gt;); env Staff__ApiKeys__0, __1, ...</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>A session ends after this long without use.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>A session ends this long after sign-in, however busy: a stolen cookie is not good forever.</summary>
    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Wrong passwords for one user name within <see cref="LockoutWindow"/> before it is locked.</summary>
    public int LockoutFailuresPerAccount { get; set; } = 5;

    /// <summary>Wrong passwords from one address within <see cref="LockoutWindow"/> before it is locked.</summary>
    public int LockoutFailuresPerAddress { get; set; } = 20;

    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The clinic's time zone for times in the inbox, as an IANA id (America/New_York, Europe/London). UTC when unset,
    /// because a wrong guess would be worse than a zone every page names.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";
}

public sealed class StaffUser
{
    public string UserName { get; set; } = "";
    public string PasswordHash { get; set; } = "";

    /// <summary><see cref="StaffRoles.Staff"/> (the default) or <see cref="StaffRoles.ReadOnly"/>: sees the inbox, changes nothing.</summary>
    public string Role { get; set; } = StaffRoles.Staff;
}

public static class StaffRoles
{
    public const string Staff = "Staff";
    public const string ReadOnly = "ReadOnly";
}

/// <summary>The admin account file written by /staff/setup (default names, as it has always been written).</summary>
[JsonSerializable(typeof(StaffUser))]
internal sealed partial class StaffUserJson : JsonSerializerContext;
