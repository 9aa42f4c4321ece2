using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bot.Knowledge;

/// <summary>
/// How the Lucene path holds up as the knowledge base grows (issue 17 part 4): synthetic bases of 50, 5,000 and
/// 50,000 entries made from the real ones, each built into the index, then every load question searched one at a
/// time. Prints build time, memory and per-query p50/p99; draws them as an SVG when asked.
/// Run: dotnet run -c Release --project bench/Bot.Benchmarks -- --growth [--plot docs/bench-growth.svg]
/// </summary>
public static class GrowthBench
{
    private static readonly int[] Sizes = [50, 5_000, 50_000];

    public static void Run(string[] args)
    {
        var root = Bot.AppPaths.ContentRoot();
        var real = new KnowledgeLoader().Load(Path.Combine(root, "knowledge")).ThrowIfInvalid();
        var questions = File.ReadAllLines(Path.Combine(root, "bench", "load-questions.txt")).Where(q => q.Trim().Length > 0)
            .Select(Retriever.Prepare).OfType<string>().ToArray();
        var rows = new List<Row>();
        foreach (var size in Sizes)
        {
            rows.Add(Measure(Synthesize(real, size), questions));
            var r = rows[^1];
            Console.WriteLine($"| {r.Entries:N0} | {r.BuildSeconds:0.00} s | {r.HeapMegabytes:0} MB | {r.RssMegabytes:0} MB | {r.P50:0.000} ms | {r.P99:0.000} ms |");
        }
        var plot = Array.IndexOf(args, "--plot");
        if (plot >= 0 && plot + 1 < args.Length)
        {
            File.WriteAllText(args[plot + 1], Svg(rows));
            Console.WriteLine($"plot written to {args[plot + 1]}");
        }
    }

    private sealed record Row(int Entries, double BuildSeconds, double HeapMegabytes, double RssMegabytes, double P50, double P99);

    private static Row Measure(KnowledgeSet set, string[] questions)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(true);
        var clock = Stopwatch.StartNew();
        var index = new KnowledgeIndex();
        index.Rebuild(set);
        var build = clock.Elapsed.TotalSeconds;
        // Warm-up: the JIT and Lucene's per-term caches, as a running instance would have them.
        for (var round = 0; round < 3; round++)
        {
            foreach (var q in questions)
            {
                index.Search(q, max: Retriever.MaxHits);
            }
        }
        var times = new List<double>(questions.Length * 10);
        // Whether the collector could make the tail: collections, bytes allocated and pauses over the timed rounds.
        var (collections, allocated, paused) = (GC.CollectionCount(0), GC.GetAllocatedBytesForCurrentThread(), GC.GetTotalPauseDuration());
        var slowest = new Dictionary<string, double>();
        for (var round = 0; round < 10; round++)
        {
            foreach (var q in questions)
            {
                var start = Stopwatch.GetTimestamp();
                index.Search(q, max: Retriever.MaxHits);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                times.Add(ms);
                slowest[q] = Math.Max(ms, slowest.GetValueOrDefault(q));
            }
        }
        Console.Error.WriteLine($"  {set.Entries.Count:N0} entries: {GC.CollectionCount(0) - collections} collections, " +
            $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / times.Count:N0} bytes a search, {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms paused in all");
        times.Sort();
        // Which questions make the tail: long postings of common words, or typo expansion.
        foreach (var (q, ms) in slowest.OrderByDescending(kv => kv.Value).Take(3))
        {
            Console.Error.WriteLine($"  {set.Entries.Count:N0} entries, slowest: {ms:0.0} ms  {q}");
        }
        var heap = (GC.GetTotalMemory(true) - heapBefore) / 1048576.0;
        var rss = Environment.WorkingSet / 1048576.0;
        GC.KeepAlive(index);
        index.Dispose();
        return new Row(set.Entries.Count, build, heap, rss, times[times.Count / 2], times[(int)(times.Count * 0.99)]);
    }

    /// <summary>
    /// The real entries first, then variants of them: each variant's title, phrasings and answer swap a quarter of their
    /// words for others from the whole base and carry a made-up word of their own, so the vocabulary and the postings
    /// grow with the base. Every variant still shares most words with its original, which makes common words'
    /// postings longer than in a real base of that size: a pessimistic load.
    /// </summary>
    private static KnowledgeSet Synthesize(KnowledgeSet real, int size)
    {
        var random = new Random(17);
        var vocabulary = real.Entries.SelectMany(e => e.Questions.Append(e.Answer)).SelectMany(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.All(char.IsLetter) && w.Length > 3).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        string Vary(string text, string own)
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < Math.Max(1, words.Length / 4); i++)
            {
                words[random.Next(words.Length)] = vocabulary[random.Next(vocabulary.Length)];
            }
            return string.Join(' ', words) + " " + own;
        }
        var entries = new List<KnowledgeEntry>(size);
        for (var k = 0; k < size; k++)
        {
            var source = real.Entries[k % real.Entries.Count];
            if (k < real.Entries.Count)
            {
                entries.Add(source);
                continue;
            }
            var own = PseudoWord(k);
            entries.Add(source with
            {
                Id = $"{source.Id}-{k}",
                Title = Vary(source.Title, own),
                Questions = source.Questions.Select(q => Vary(q, own)).ToList(),
                Answer = Vary(source.Answer, own),
                Related = [],
            });
        }
        return real with { Entries = entries };
    }

    private static readonly string[] Syllables =
    [
        "ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "ri", "so", "tu", "va", "we", "xi", "yo", "zu",
        "bra", "cle", "dri", "flo", "gru", "pla", "sne", "tri", "vro", "zla",
    ];

    /// <summary>k as a made-up word of syllables (4 reach 810,000): a topic of the variant's own, spread out in edit distance as real words are.</summary>
    private static string PseudoWord(int k)
    {
        var text = new StringBuilder();
        for (var i = 0; i < 4; i++)
        {
            text.Append(Syllables[k % Syllables.Length]);
            k /= Syllables.Length;
        }
        return text.ToString();
    }

    /// <summary>Query p50 and p99 (left axis, ms) and build time (labels) against the number of entries, log scale.</summary>
    private static string Svg(IReadOnlyList<Row> rows)
    {
        const int width = 640, height = 360, left = 70, right = 30, top = 40, bottom = 60;
        var maxMs = Math.Max(2.0, rows.Max(r => r.P99) * 1.2);
        double X(int entries) => left + (Math.Log10(entries) - Math.Log10(rows[0].Entries)) /
            (Math.Log10(rows[^1].Entries) - Math.Log10(rows[0].Entries)) * (width - left - right);
        double Y(double ms) => height - bottom - ms / maxMs * (height - top - bottom);
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append($"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">""");
        svg.Append($"""<rect width="{width}" height="{height}" fill="white"/><text x="{left}" y="24" font-size="14">Lucene-path query time as the knowledge base grows</text>""");
        svg.Append($"""<line x1="{left}" y1="{F(Y(0))}" x2="{width - right}" y2="{F(Y(0))}" stroke="black"/><line x1="{left}" y1="{top}" x2="{left}" y2="{F(Y(0))}" stroke="black"/>""");
        svg.Append($"""<line x1="{left}" y1="{F(Y(2))}" x2="{width - right}" y2="{F(Y(2))}" stroke="#b00" stroke-dasharray="4 4"/><text x="{width - right - 110}" y="{F(Y(2) - 6)}" fill="#b00">2 ms target (p99)</text>""");
        for (var i = 0; i <= 4; i++)
        {
            var ms = maxMs * i / 4;
            svg.Append($"""<text x="{left - 8}" y="{F(Y(ms) + 4)}" text-anchor="end">{ms.ToString("0.00", CultureInfo.InvariantCulture)}</text>""");
        }
        svg.Append($"""<text x="18" y="{F((top + height - bottom) / 2.0)}" transform="rotate(-90 18 {F((top + height - bottom) / 2.0)})" text-anchor="middle">ms per query</text>""");
        foreach (var (name, pick, colour) in new (string, Func<Row, double>, string)[] { ("p50", r => r.P50, "#1f5fa8"), ("p99", r => r.P99, "#d07a00") })
        {
            svg.Append($"""<polyline fill="none" stroke="{colour}" stroke-width="2" points="{string.Join(' ', rows.Select(r => $"{F(X(r.Entries))},{F(Y(pick(r)))}"))}"/>""");
            svg.Append($"""<text x="{F(X(rows[^1].Entries) - 30)}" y="{F(Y(pick(rows[^1])) - 8)}" fill="{colour}">{name}</text>""");
        }
        foreach (var r in rows)
        {
            svg.Append($"""<circle cx="{F(X(r.Entries))}" cy="{F(Y(r.P99))}" r="3" fill="#d07a00"/><circle cx="{F(X(r.Entries))}" cy="{F(Y(r.P50))}" r="3" fill="#1f5fa8"/>""");
            svg.Append($"""<text x="{F(X(r.Entries))}" y="{height - bottom + 18}" text-anchor="middle">{r.Entries:N0} entries</text>""");
            svg.Append($"""<text x="{F(X(r.Entries))}" y="{height - bottom + 34}" text-anchor="middle" fill="#555">build {r.BuildSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, {r.HeapMegabytes:0} MB</text>""");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }
}
