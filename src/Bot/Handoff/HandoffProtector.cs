using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;

namespace Bot.Handoff;

/// <summary>
/// Encrypts contact fields, transcripts and notes at rest with Data Protection, one purpose per field,
/// so a ciphertext copied into another column does not decrypt there.
/// </summary>
public sealed class HandoffProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector name = provider.CreateProtector("Bot.Handoff.v1.name");
    private readonly IDataProtector phone = provider.CreateProtector("Bot.Handoff.v1.phone");
    private readonly IDataProtector email = provider.CreateProtector("Bot.Handoff.v1.email");
    private readonly IDataProtector bestTime = provider.CreateProtector("Bot.Handoff.v1.best-time");
    private readonly IDataProtector reason = provider.CreateProtector("Bot.Handoff.v1.reason");
    private readonly IDataProtector transcript = provider.CreateProtector("Bot.Handoff.v1.transcript");
    private readonly IDataProtector note = provider.CreateProtector("Bot.Handoff.v1.note");

    public string ProtectName(string value) => name.Protect(value);
    public string UnprotectName(string value) => name.Unprotect(value);
    public string? ProtectPhone(string? value) => Protect(phone, value);
    public string? UnprotectPhone(string? value) => Unprotect(phone, value);
    public string? ProtectEmail(string? value) => Protect(email, value);
    public string? UnprotectEmail(string? value) => Unprotect(email, value);
    public string? ProtectBestTime(string? value) => Protect(bestTime, value);
    public string? UnprotectBestTime(string? value) => Unprotect(bestTime, value);
    public string? ProtectReason(string? value) => Protect(reason, value);
    public string? UnprotectReason(string? value) => Unprotect(reason, value);
    public string ProtectNote(string value) => note.Protect(value);
    public string UnprotectNote(string value) => note.Unprotect(value);

    public string ProtectTranscript(IReadOnlyList<TranscriptLine> lines) => transcript.Protect(JsonSerializer.Serialize(lines, HandoffJson.Default.IReadOnlyListTranscriptLine));

    public IReadOnlyList<TranscriptLine> UnprotectTranscript(string value) =>
        JsonSerializer.Deserialize(transcript.Unprotect(value), HandoffJson.Default.IReadOnlyListTranscriptLine) ?? [];

    private static string? Protect(IDataProtector protector, string? value) => value is null ? null : protector.Protect(value);

    private static string? Unprotect(IDataProtector protector, string? value) => value is null ? null : protector.Unprotect(value);
}

/// <summary>Transcripts as stored (encrypted) with a request: web-style names, read back by the same code.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<TranscriptLine>))]
internal sealed partial class HandoffJson : JsonSerializerContext;
