using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bot.Handoff;

/// <summary>
/// Opens connections to the configured database and brings its schema up to date once, on first use.
/// The two providers differ only in the DDL scripts and a few SQL words (<see cref="SkipLocked"/>).
/// </summary>
public sealed class HandoffDatabase : IAsyncDisposable
{
    private readonly string connectionString;
    private readonly NpgsqlDataSource? dataSource;
    private readonly Lazy<Task> ready;

    // SQLite allows one writer at a time; queueing writers here keeps them from spinning on SQLITE_BUSY.
    private readonly SemaphoreSlim sqliteWriter = new(1, 1);

    public HandoffDatabase(StorageProvider provider, string connectionString)
    {
        Provider = provider;
        this.connectionString = connectionString;
        if (provider == StorageProvider.PostgreSql)
        {
            dataSource = NpgsqlDataSource.Create(connectionString);
        }
        ready = new Lazy<Task>(MigrateAsync);
    }

    public StorageProvider Provider { get; }

    /// <summary>Appended to the claim sub-select: PostgreSQL lets concurrent dispatchers skip each other's rows.</summary>
    public string SkipLocked => Provider == StorageProvider.PostgreSql ? "FOR UPDATE SKIP LOCKED" : "";

    /// <summary>Locks the selected rows on PostgreSQL until the transaction ends; SQLite's single writer already does.</summary>
    public string ForUpdate => Provider == StorageProvider.PostgreSql ? "FOR UPDATE" : "";

    /// <summary>
    /// Runs the rest of the transaction alone among those taking the same <paramref name="key"/>: SQLite's single
    /// writer does this already, PostgreSQL needs a transaction-scoped advisory lock.
    /// </summary>
    public async Task SerializeAsync(DbConnection connection, DbTransaction transaction, long key)
    {
        if (Provider == StorageProvider.PostgreSql)
        {
            await Sql.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", key));
        }
    }

    public static HandoffDatabase ForSqliteFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 };
        return new HandoffDatabase(StorageProvider.Sqlite, builder.ToString());
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        await ready.Value.WaitAsync(ct);
        return await OpenRawAsync(ct);
    }

    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await ready.Value.WaitAsync(ct);
        return await InRawTransactionAsync(work, ct);
    }

    private async Task<T> InRawTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        var gate = Provider == StorageProvider.Sqlite ? sqliteWriter : null;
        if (gate is not null)
        {
            await gate.WaitAsync(ct);
        }
        try
        {
            await using var connection = await OpenRawAsync(ct);
            // Microsoft.Data.Sqlite begins IMMEDIATE transactions, so other processes' writers wait too.
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(ct);
            return result;
        }
        finally
        {
            gate?.Release();
        }
    }

    private async Task<DbConnection> OpenRawAsync(CancellationToken ct)
    {
        if (dataSource is not null)
        {
            return await dataSource.OpenConnectionAsync(ct);
        }
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        // Deleted rows (purged, erased) are overwritten with zeros, not left in free pages of the file.
        await Sql.ExecuteAsync(connection, null, "PRAGMA secure_delete=ON;");
        return connection;
    }

    /// <summary>
    /// After deletions on SQLite: copies the WAL into the database file and empties it, so the old page images
    /// (which still hold deleted rows) leave the data folder. Best effort: a busy reader only delays it.
    /// </summary>
    public async Task ForgetDeletedAsync(CancellationToken ct)
    {
        if (Provider == StorageProvider.Sqlite)
        {
            await using var connection = await OpenAsync(ct);
            await Sql.ExecuteAsync(connection, null, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
    }

    private async Task MigrateAsync()
    {
        if (Provider == StorageProvider.Sqlite)
        {
            await using var connection = await OpenRawAsync(CancellationToken.None);
            // WAL lets the inbox read while the dispatcher writes; it is a property of the file, set once.
            await Sql.ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;");
        }
        var scripts = Provider == StorageProvider.PostgreSql ? Migrations.PostgreSql : Migrations.Sqlite;
        await InRawTransactionAsync(async (connection, transaction) =>
        {
            if (Provider == StorageProvider.PostgreSql)
            {
                // Two instances starting together must not both run a migration.
                await Sql.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(724301)");
            }
            await Sql.ExecuteAsync(connection, transaction,
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            var current = Convert.ToInt32(await Sql.ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"));
            for (var version = current + 1; version <= scripts.Count; version++)
            {
                await Sql.ExecuteAsync(connection, transaction, scripts[version - 1]);
                await Sql.ExecuteAsync(connection, transaction, "INSERT INTO schema_version (version, applied_at) VALUES (@v, @at)",
                    ("v", version), ("at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            }
            return true;
        }, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
        sqliteWriter.Dispose();
    }
}

/// <summary>Small ADO.NET helpers: named parameters (@name works in both providers), nulls as DBNull.</summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string text, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, text, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string text, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, text, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset Time(this DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? NullableTime(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Time(ordinal);

    public static long Millis(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
