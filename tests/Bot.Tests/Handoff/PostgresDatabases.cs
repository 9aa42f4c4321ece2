using Npgsql;

namespace Bot.Tests.Handoff;

/// <summary>A fresh PostgreSQL database per test on the server ./test.sh starts (BOT_TEST_POSTGRES), dropped afterwards.</summary>
public sealed class PostgresDatabases : IAsyncDisposable
{
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("BOT_TEST_POSTGRES") is { Length: > 0 } cs ? cs
        : "Host=127.0.0.1;Port=55432;Database=appdb;Username=app;Password=app_pw";

    private readonly List<string> created = [];

    public async Task<string> CreateAsync()
    {
        var name = "bot_test_" + Guid.NewGuid().ToString("n")[..12];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        lock (created)
        {
            created.Add(name);
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        foreach (var name in created)
        {
            // FORCE cannot end an autovacuum worker (a superuser's process) that happens to be in the database: retry.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                    await command.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState is "42501" or "55006" && attempt < 10)
                {
                    await Task.Delay(300);
                }
            }
        }
    }
}
