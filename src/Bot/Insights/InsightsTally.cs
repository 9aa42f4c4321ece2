using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Bot.Insights;

/// <summary>One day's count of turns with one outcome and entry (or of conversations started, <see cref="InsightsTally.Conversation"/>).</summary>
public readonly record struct DailyCount(long Day, string Kind, string EntryId, long Turns);

/// <summary>
/// Every message turn counted in memory by day, outcome and entry, and written by <see cref="InsightsWriter"/> as a few
/// rows a flush: the dashboard's counts cost a turn an increment, not a database row. Turns staff need one by one
/// (questions worth a look, the intake's steps) are queued as rows besides (<see cref="InsightsRecorder"/>).
/// </summary>
public sealed class InsightsTally
{
    /// <summary>The kind under which a conversation is counted once, on the day of its first message.</summary>
    public const string Conversation = "conversation";

    private const long MillisPerDay = 86_400_000;

    private readonly ConcurrentDictionary<(long Day, string Kind, string EntryId), StrongBox<long>> _counts = new();

    /// <summary>Days since 1970-01-01 (UTC), the unit the counts are kept in.</summary>
    public static long Day(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / MillisPerDay;

    public void Add(long day, string kind, string? entryId) =>
        Interlocked.Increment(ref _counts.GetOrAdd((day, kind, entryId ?? ""), static _ => new StrongBox<long>()).Value);

    /// <summary>The counts since the last call, taken (the tally starts again from zero).</summary>
    public List<DailyCount> Take(DateTimeOffset now)
    {
        var taken = new List<DailyCount>();
        var today = Day(now);
        foreach (var (key, box) in _counts)
        {
            var turns = Interlocked.Exchange(ref box.Value, 0);
            if (turns > 0)
            {
                taken.Add(new DailyCount(key.Day, key.Kind, key.EntryId, turns));
            }
            else if (key.Day < today - 1)
            {
                // Nothing is counted on a day two days gone: its keys can go without losing an increment.
                _counts.TryRemove(key, out _);
            }
        }
        return taken;
    }
}
