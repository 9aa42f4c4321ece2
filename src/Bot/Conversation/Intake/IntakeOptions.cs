using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Intake;

public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>Region for numbers typed without a country code (ISO 3166 code, e.g. US).</summary>
    [Required]
    public string DefaultRegion { get; set; } = "US";

    [Required]
    public string PrivacyNoticeUrl { get; set; } = "https://clinic.example/privacy";

    /// <summary>Stored with each consent, so staff know which notice the visitor saw.</summary>
    [Required]
    public string PrivacyNoticeVersion { get; set; } = "1";

    /// <summary>Idle time after which a half-filled form is not silently resumed.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Failed answers in a row before the bot offers the phone number instead.</summary>
    [Range(1, 10)]
    public int MaxTries { get; set; } = 3;

    /// <summary>What the visitor is told about when to expect contact.</summary>
    [Required]
    public string ResponseTime { get; set; } = "within one business day";

    public IntakeContext ContextAt(DateTimeOffset now) => new(DefaultRegion, PrivacyNoticeUrl, PrivacyNoticeVersion, now);
}

[OptionsValidator]
public sealed partial class IntakeOptionsValidator : IValidateOptions<IntakeOptions>;
