using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace Bot.Conversation.Intake;

public static class IntakeServices
{
    /// <summary>Called by AddConversation: the intake is part of the conversation, not a feature of its own.</summary>
    public static IHostApplicationBuilder AddIntake(this IHostApplicationBuilder builder)
    {
        // The attributes are checked by a source-generated validator: no reflection over the options at start-up.
        builder.Services.AddSingleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>();
        builder.Services.AddOptions<IntakeOptions>()
            .BindConfiguration(IntakeOptions.Section)
            .Validate(o => PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(o.DefaultRegion),
                "Intake:DefaultRegion must be a two-letter region code libphonenumber knows, such as US.")
            .Validate(o => o.StaleAfter > TimeSpan.Zero, "Intake:StaleAfter must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IntakeReplies>();
        builder.Services.AddSingleton<IntakeMachine>();
        builder.Services.AddSingleton<IntakeDialog>();
        return builder;
    }
}
