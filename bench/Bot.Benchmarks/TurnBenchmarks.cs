using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Bot.Conversation;
using Bot.Conversation.Safety;
using Bot.Knowledge;
using Bot.Protocol;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

public static class BenchmarkEntry
{
    public static async Task Main(string[] args)
    {
        if (args is ["--prepack", ..])
        {
            TurnBenchmarks.ComparePrepacking();
            return;
        }
        if (args is ["--growth", ..])
        {
            GrowthBench.Run(args);
            return;
        }
        if (args is ["--websockets", ..])
        {
            await WebSocketBench.RunAsync(args);
            return;
        }
        if (args is ["--per-question", ..])
        {
            await TurnBenchmarks.PerQuestionAsync(args.Contains("--semantic"));
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(TurnBenchmarks).Assembly).Run(args);
    }
}

/// <summary>
/// Where a turn's time goes: the safety checks, retrieval and the whole pipeline, on the varied questions of
/// ../shared/peer/bench.lua. Run: dotnet run -c Release --project bench/Bot.Benchmarks -- --filter '*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TurnBenchmarks
{
    private static readonly string[] Questions =
    [
        "what does ketamine feel like?", "will i hallucinate", "how long does an infusion take", "side effects?",
        "is it safe for my heart", "can i eat before the drip", "what is the k hole", "how many sessions do i need",
        "does it help with ptsd", "why didnt my antidepressants work", "how does ketamine work in the brain",
        "can you do it at my house", "will i feel sick afterwards", "is ketamine legal", "what happens at screening",
        "do i need a physical exam", "is it addictive", "wat does it feel lik", "how soon will i feel it",
        "can i drive home after", "how much does it cost", "what's the weather like today", "book a free assessment",
        "hello", "thanks!", "are you a real person", "what is dissociation", "is street ketamine the same thing",
        "who monitors me during treatment", "what conditions does it treat",
    ];

    private WebApplicationFactory<Program> _app = null!;
    private TurnHandler _turns = null!;
    private Retriever _retriever = null!;
    private CrisisDetector _crisis = null!;
    private StaticExemplarScan _scan = null!;
    private int _n;

    [Params(false, true)]
    public bool Semantic { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Retrieval:Semantic:Enabled", Semantic ? "true" : "false");
            b.UseSetting("Retrieval:Semantic:CacheSize", "0");
            b.UseSetting("Storage:DataPath", "/tmp/bot-bench-data");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        _ = _app.Server;
        _turns = _app.Services.GetRequiredService<TurnHandler>();
        _retriever = _app.Services.GetRequiredService<Retriever>();
        _crisis = _app.Services.GetRequiredService<CrisisDetector>();
        _scan = _app.Services.GetRequiredService<StaticExemplarScan>();
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    private string Next() => Questions[_n++ % Questions.Length];

    /// <summary>A quick profile: mean time and allocation of a whole turn per question, to find the expensive ones.</summary>
    public static async Task PerQuestionAsync(bool semantic)
    {
        var b = new TurnBenchmarks { Semantic = semantic };
        b.Setup();
        foreach (var q in Questions)
        {
            var n = 200;
            for (var i = 0; i < 20; i++)
            {
                await b.TurnAsync(q);
            }
            var alloc0 = GC.GetAllocatedBytesForCurrentThread();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                await b.TurnAsync(q);
            }
            Console.WriteLine($"{sw.Elapsed.TotalMicroseconds / n,8:0} us {(GC.GetAllocatedBytesForCurrentThread() - alloc0) / n / 1024,6} KB  {q}");
        }
        b.Cleanup();
    }

    /// <summary>MiniLM with ONNX Runtime's weight prepacking on and off, alternating rounds: time per question.</summary>
    public static void ComparePrepacking()
    {
        var store = new Bot.Knowledge.Semantic.ModelStore("/tmp/bot-bench-data/semantic");
        store.EnsureModel();
        var tokenizer = Bot.Knowledge.Semantic.SentenceEncoder.LoadTokenizer(store.VocabPath);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var packed = new Bot.Knowledge.Semantic.SentenceEncoder(store.ModelPath, tokenizer, prepackWeights: true);
        var packedLoad = clock.ElapsedMilliseconds;
        clock.Restart();
        using var plain = new Bot.Knowledge.Semantic.SentenceEncoder(store.ModelPath, tokenizer, prepackWeights: false);
        Console.WriteLine($"session load: {packedLoad} ms (first, prepacked), {clock.ElapsedMilliseconds} ms (second, not prepacked)");
        double Round(Bot.Knowledge.Semantic.SentenceEncoder e)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            foreach (var q in Questions)
            {
                e.Encode(q);
            }
            return sw.Elapsed.TotalMicroseconds / Questions.Length;
        }
        Round(packed);
        Round(plain);
        var (a, b) = (new List<double>(), new List<double>());
        for (var i = 0; i < 15; i++)
        {
            a.Add(Round(packed));
            b.Add(Round(plain));
        }
        Console.WriteLine($"prepacked: median {a.Order().ElementAt(7):0} us/question; not prepacked: median {b.Order().ElementAt(7):0} us/question");
    }

    private Task<IReadOnlyList<Activity>> TurnAsync(string text) => _turns.HandleAsync(new Activity
    {
        Type = ActivityTypes.Message,
        Id = "b" + _n,
        Conversation = new ConversationAccount("bench-" + _n++),
        From = new ChannelAccount("u", Role: "user"),
        Recipient = new ChannelAccount("bot", Role: "bot"),
        Text = text,
    }, CancellationToken.None);

    [Benchmark]
    public bool SafetyChecks()
    {
        var text = TextNormalizer.Clean(Next(), 2000);
        return Safety(text, TextNormalizer.ForMatching(text));
    }

    /// <summary>The same plus the intent layer, which shares the crisis layer's scan of the message.</summary>
    [Benchmark]
    public bool SafetyAndIntentChecks()
    {
        var text = TextNormalizer.Clean(Next(), 2000);
        return Safety(text, TextNormalizer.ForMatching(text)) | _scan.Measure(text).Request.Margin > 0;
    }

    private bool Safety(string text, string m) =>
        _crisis.Assess(text, supportive: false) != Risk.None | MedicalAdviceDetector.IsPersonalAdvice(m) | SmallTalk.Classify(m).Kind != Intent.None;

    [Benchmark]
    public int Retrieval() => _retriever.Retrieve(Next()).Hits.Count;

    [Benchmark]
    public async Task<int> WholeTurn()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "b" + _n,
            Conversation = new ConversationAccount("bench-" + _n),
            From = new ChannelAccount("u", Role: "user"),
            Recipient = new ChannelAccount("bot", Role: "bot"),
            Text = Next(),
        };
        return (await _turns.HandleAsync(activity, CancellationToken.None)).Count;
    }
}
