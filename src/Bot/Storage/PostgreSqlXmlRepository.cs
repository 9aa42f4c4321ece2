using System.Xml.Linq;
using Bot.Handoff;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Bot.Storage;

/// <summary>
/// The Data Protection key ring in PostgreSQL, so every instance decrypts the contact fields and staff cookies
/// another one encrypted. Data Protection calls it synchronously, and rarely (start-up and a daily refresh).
/// </summary>
public sealed class PostgreSqlXmlRepository(HandoffDatabase database, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => GetAllAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => StoreAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllAsync()
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = Sql.Command(connection, null, "SELECT xml FROM data_protection_keys ORDER BY created_at, name");
        await using var reader = await command.ExecuteReaderAsync();
        var elements = new List<XElement>();
        while (await reader.ReadAsync())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }
        return elements;
    }

    private async Task StoreAsync(XElement element, string friendlyName)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        // Names carry the key's id, so a clash is the same element stored twice.
        await Sql.ExecuteAsync(connection, null,
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING",
            ("name", friendlyName), ("xml", element.ToString(SaveOptions.DisableFormatting)), ("at", time.GetUtcNow().Millis()));
    }
}
