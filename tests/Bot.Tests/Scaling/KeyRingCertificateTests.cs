using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bot.Handoff;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using Bot.Tests.Knowledge;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Scaling;

/// <summary>
/// With PostgreSQL the key ring sits in the database beside what it decrypts. Storage:KeyRingCertificate, a file on
/// each instance, encrypts it there: a copy of the database holds neither a usable key nor a shared secret.
/// </summary>
public sealed class KeyRingCertificateTests : IAsyncLifetime
{
    private readonly PostgreSqlBackend backend = new();
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("bot-keyring-cert-");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await backend.DisposeAsync();
        folder.Delete(recursive: true);
    }

    /// <summary>A self-signed RSA certificate with its key, as the operator's openssl commands make it.</summary>
    private async Task<string> WriteCertificateAsync(string password)
    {
        var path = Path.Combine(folder.FullName, "key-ring.pfx");
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=clinic-bot key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        await File.WriteAllBytesAsync(path, created.Export(X509ContentType.Pfx, password));
        return path;
    }

    [Fact]
    public async Task TheDatabaseHoldsOnlyEncryptedKeysAndAnotherInstanceWithTheCertificateReadsTheRequest()
    {
        var certificate = await WriteCertificateAsync("pfx-password");
        var settings = (await backend.SettingsAsync())
            .Concat<(string Key, string? Value)>([("Storage:KeyRingCertificate", certificate), ("Storage:KeyRingCertificatePassword", "pfx-password")])
            .ToDictionary(s => s.Key, s => s.Value);
        var submission = HandoffTestKit.Submission();

        await using var first = new BotApplication(settings);
        var receipt = await first.SubmitAsync(submission);
        await new DirectLine.DirectLineTestClient(first).StartAsync(first.Services.GetRequiredService<Bot.DirectLine.DirectLineKeys>().Secret);

        var keys = await backend.QueryAsync(first, "SELECT xml FROM data_protection_keys");
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Contains("EncryptedData", (string)k[0]!));
        Assert.All(keys, k => Assert.DoesNotContain("<value>", (string)k[0]!));
        var shared = await backend.QueryAsync(first, "SELECT name, value FROM shared_keys");
        Assert.Contains(shared, s => (string)s[0]! == "contact-index");
        Assert.All(shared, s => Assert.StartsWith("dp1:", (string)s[1]!));

        await using var second = new BotApplication(settings);
        var read = await second.Services.GetRequiredService<HandoffStore>().FindAsync(receipt.Id, CancellationToken.None);
        Assert.Equal(submission.Name, read?.Name);
        Assert.Equal(first.Services.GetRequiredService<Bot.DirectLine.DirectLineKeys>().Secret,
            second.Services.GetRequiredService<Bot.DirectLine.DirectLineKeys>().Secret);
    }

    [Fact]
    public async Task AWrongPasswordStopsStartUpWithOneLine()
    {
        var certificate = await WriteCertificateAsync("right");

        var (exit, _, stderr) = await KnowledgeTests.RunBotAsync(new Dictionary<string, string>
        {
            ["Storage__KeyRingCertificate"] = certificate,
            ["Storage__KeyRingCertificatePassword"] = "wrong",
            ["Urls"] = "http://127.0.0.1:0",
        });

        Assert.Equal(1, exit);
        Assert.Contains($"Configuration problem: Storage:KeyRingCertificate \"{certificate}\" could not be read", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
