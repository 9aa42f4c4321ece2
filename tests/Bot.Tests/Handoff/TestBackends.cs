using System.Data.Common;
using System.Text;
using Bot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bot.Tests.Handoff;

/// <summary>The app's database, opened directly by a test to check which rows are (no longer) there.</summary>
public abstract class TestBackend : IAsyncDisposable
{
    /// <summary>Settings that point the app at a fresh database of this provider.</summary>
    public abstract Task<(string Key, string? Value)[]> SettingsAsync();

    /// <summary>What the last <see cref="SettingsAsync"/> returned: a second instance on the same database.</summary>
    public (string Key, string? Value)[] LastSettings { get; protected set; } = [];

    public abstract DbConnection Connect(BotApplication app);

    public async Task<List<object?[]>> QueryAsync(BotApplication app, string sql)
    {
        await using var connection = Connect(app);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    public async Task<long> CountAsync(BotApplication app, string sql) => Convert.ToInt64((await QueryAsync(app, sql))[0][0]);

    /// <summary>Every file in the data folder but the key ring, byte for byte (SQLite's database and WAL live there).</summary>
    public static string DataFolderContent(BotApplication app) => string.Concat(
        Directory.GetFiles(app.DataPath, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(app.DataPath, "keys"), StringComparison.Ordinal))
            .Select(f =>
            {
                using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return Encoding.Latin1.GetString(memory.ToArray());
            }));

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class SqliteBackend : TestBackend
{
    public override Task<(string Key, string? Value)[]> SettingsAsync() => Task.FromResult<(string, string?)[]>([]);

    public override DbConnection Connect(BotApplication app) =>
        new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(app.DataPath, "bot.db"), Pooling = false }.ToString());
}

public sealed class PostgreSqlBackend : TestBackend
{
    private readonly PostgresDatabases databases = new();
    private string? connectionString;

    public override async Task<(string Key, string? Value)[]> SettingsAsync()
    {
        connectionString = await databases.CreateAsync();
        return LastSettings = [("Storage:Provider", "PostgreSql"), ("ConnectionStrings:Bot", connectionString)];
    }

    public override DbConnection Connect(BotApplication app) => new NpgsqlConnection(connectionString);

    public override ValueTask DisposeAsync() => databases.DisposeAsync();
}
