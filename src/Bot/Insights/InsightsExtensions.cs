using Bot.Staff;

namespace Bot.Insights;

public static class InsightsExtensions
{
    /// <summary>Answer feedback, the unanswered-questions loop and the dashboard; needs AddTurnPipeline and AddStaff.</summary>
    public static IHostApplicationBuilder AddInsights(this IHostApplicationBuilder builder)
    {
        // Checked by hand rather than with data annotations, whose reflection the native build cannot keep.
        builder.Services.AddOptions<InsightsOptions>().BindConfiguration(InsightsOptions.Section)
            .Validate(o => o.QueueCapacity is >= 16 and <= 1_000_000, "Insights:QueueCapacity must be between 16 and 1000000.")
            .Validate(o => o.SameQuestionCosine is > 0 and <= 1 && o.SameQuestionTerms is > 0 and <= 1, "Insights:SameQuestionCosine and SameQuestionTerms must be above 0 and at most 1.")
            .Validate(o => o.ExamplesPerQuestion is >= 1 and <= 20, "Insights:ExamplesPerQuestion must be between 1 and 20.")
            .Validate(o => o.PhrasingPollInterval > TimeSpan.Zero, "Insights:PhrasingPollInterval must be positive.")
            .Validate(o => o.WriteDelay > TimeSpan.Zero && o.WriteDelay <= TimeSpan.FromDays(1), "Insights:WriteDelay must be above zero and at most a day.")
            .Validate(o => o.DashboardDays is >= 1 and <= 365, "Insights:DashboardDays must be between 1 and 365.")
            .Validate(o => o.RetentionDays >= o.DashboardDays && o.RetentionDays <= 3650, "Insights:RetentionDays must be at least Insights:DashboardDays and at most 3650.")
            .ValidateOnStart();
        builder.Services.AddSingleton<InsightsTally>();
        builder.Services.AddSingleton<InsightsRecorder>();
        builder.Services.AddSingleton<AnswerFeedback>();
        builder.Services.AddSingleton<InsightsStore>();
        builder.Services.AddSingleton<InsightsDeletion>();
        builder.Services.AddSingleton<QuestionGrouper>();
        builder.Services.AddSingleton<InsightsSummary>();
        builder.Services.AddSingleton<InsightsActions>();
        builder.Services.AddSingleton<InsightsWriter>();
        builder.Services.AddHostedService(s => s.GetRequiredService<InsightsWriter>());
        builder.Services.AddSingleton<PhrasingIndexer>();
        builder.Services.AddHostedService(s => s.GetRequiredService<PhrasingIndexer>());
        return builder;
    }

    /// <summary>/api/insights (staff API key) and /staff/insights (signed-in staff; changes need an editing role).</summary>
    public static RouteGroupBuilder MapInsights(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapInsightsApi();
        var pages = endpoints.MapGroup("/staff/insights").RequireAuthorization(StaffSignIn.Policy)
            .AddEndpointFilter(StaffExtensions.RequireHttps).AddEndpointFilter(StaffExtensions.ValidateAntiforgery);
        pages.MapInsightsPages();
        return pages;
    }
}
