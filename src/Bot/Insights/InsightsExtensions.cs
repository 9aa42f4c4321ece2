using Bot.Staff;

namespace Bot.Insights;

public static class InsightsExtensions
{
    /// <summary>Answer feedback, the unanswered-questions loop and the dashboard; needs AddTurnPipeline and AddStaff.</summary>
    public static IHostApplicationBuilder AddInsights(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InsightsOptions>().BindConfiguration(InsightsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<InsightsRecorder>();
        builder.Services.AddSingleton<AnswerFeedback>();
        builder.Services.AddSingleton<InsightsStore>();
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
