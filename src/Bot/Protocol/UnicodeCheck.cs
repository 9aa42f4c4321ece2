using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Bot.Protocol;

/// <summary>
/// A lone UTF-16 surrogate can arrive only as a \uD800-\uDFFF escape, and System.Text.Json cannot write it back
/// out: such a body is refused with a 400 up front rather than failing later, when the activity is echoed or read.
/// </summary>
public static class UnicodeCheck
{
    public static bool CannotBeWrittenBack<T>(ReadOnlySpan<byte> json, T? value, JsonTypeInfo<T> type)
    {
        if (!HasSurrogateEscape(json))
        {
            return false;
        }
        try
        {
            JsonSerializer.SerializeToUtf8Bytes(value!, type);
            return false;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return true;
        }
    }

    private static bool HasSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var from = 0;
        while (true)
        {
            var at = json[from..].IndexOf("\\u"u8);
            if (at < 0)
            {
                return false;
            }
            at += from;
            if (at + 3 < json.Length && (json[at + 2] | 0x20) == 'd' && (json[at + 3] | 0x20) is (byte)'8' or (byte)'9' or (>= (byte)'a' and <= (byte)'f'))
            {
                return true;
            }
            from = at + 2;
        }
    }
}
