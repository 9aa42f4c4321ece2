namespace Bot.Storage;

public static class RedisExtensions
{
    public static bool HasRedis(this IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));

    /// <summary>The Redis connection and its health check, once, for the features that use it (rate limits, news between instances).</summary>
    public static IHostApplicationBuilder AddRedis(this IHostApplicationBuilder builder)
    {
        if (!builder.Configuration.HasRedis() || builder.Services.Any(d => d.ServiceType == typeof(RedisConnection)))
        {
            return builder;
        }
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Prefix) && o.Timeout > TimeSpan.Zero, "Redis: Prefix must be set and Timeout positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: [RedisHealthCheck.Name]);
        return builder;
    }
}
