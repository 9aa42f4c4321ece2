using System.Text.Json.Serialization;

namespace Bot.Staff;

public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>Staff accounts; hashes from `dotnet run --project src/Bot -- staff hash-password`.</summary>
    public List<StaffUser> Users { get; set; } = [];

    /// <summary>Keys for the JSON API (Authorization: Bearer &lt;key&gt;); env Staff__ApiKeys__0, __1, ...</summary>
    public List<string> ApiKeys { get; set; } = [];

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

public sealed class StaffUser
{
    public string UserName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
}

/// <summary>The admin account file written by /staff/setup (default names, as it has always been written).</summary>
[JsonSerializable(typeof(StaffUser))]
internal sealed partial class StaffUserJson : JsonSerializerContext;
