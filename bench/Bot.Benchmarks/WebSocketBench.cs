using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// Many Direct Line conversations held open at once on one running bot (issue 17 part 4): each starts a
/// conversation with the site secret and opens its WebSocket stream, as Web Chat does; when all are open, each
/// posts one question and times it until the bot's reply arrives on its own stream. Prints the bot's RSS before
/// and after (memory per conversation) and the delivery latency. bench/websockets.sh starts the bot and runs this.
/// Run: dotnet run -c Release --project bench/Bot.Benchmarks -- --websockets URL SECRET PID [COUNT]
/// </summary>
public static class WebSocketBench
{
    private const int OpenConcurrency = 32;

    public static async Task RunAsync(string[] args)
    {
        var baseUrl = new Uri(args[1].TrimEnd('/') + "/");
        var secret = args[2];
        var pid = int.Parse(args[3]);
        var count = args.Length > 4 ? int.Parse(args[4]) : 2_000;
        var questions = File.ReadAllLines(Path.Combine(Bot.AppPaths.ContentRoot(), "bench", "load-questions.txt"))
            .Where(q => q.Trim().Length > 0).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = OpenConcurrency }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

        var before = RssMegabytes(pid);
        var clock = Stopwatch.StartNew();
        var streams = new Stream[count];
        using (var gate = new SemaphoreSlim(OpenConcurrency))
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    streams[i] = await Stream.OpenAsync(http, baseUrl, secret);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        var openSeconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(2)); // let the server settle what the opening allocated
        var open = RssMegabytes(pid);

        // Every conversation asks once, OpenConcurrency at a time; the clock runs from the POST to the reply on the socket.
        var latencies = new ConcurrentBag<double>();
        var lost = 0;
        using (var gate = new SemaphoreSlim(OpenConcurrency))
        {
            await Task.WhenAll(streams.Select(async (stream, i) =>
            {
                await gate.WaitAsync();
                try
                {
                    var took = await stream.AskAsync(http, questions[i % questions.Length], TimeSpan.FromSeconds(30));
                    if (took is { } ms)
                    {
                        latencies.Add(ms);
                    }
                    else
                    {
                        Interlocked.Increment(ref lost);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = RssMegabytes(pid);
        var sorted = latencies.Order().ToArray();
        var stillOpen = streams.Count(s => s.IsOpen);
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }

        Console.WriteLine($"conversations: {count:N0} opened in {openSeconds:0.0} s, {stillOpen:N0} still open after the questions");
        Console.WriteLine($"bot RSS: {before:0} MB idle, {open:0} MB with every stream open, {after:0} MB after one question each");
        Console.WriteLine($"memory per conversation: {(open - before) * 1024 / count:0.0} KB open, {(after - before) * 1024 / count:0.0} KB after a turn");
        Console.WriteLine($"delivery (POST to the reply on the stream, {OpenConcurrency} at a time): p50 {Percentile(sorted, 0.5):0.0} ms, "
            + $"p99 {Percentile(sorted, 0.99):0.0} ms, max {(sorted.Length > 0 ? sorted[^1] : 0):0.0} ms; replies missing after 30 s: {lost}");
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static double RssMegabytes(int pid) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kb ? double.Parse(kb) / 1024 : 0;

    /// <summary>One visitor: a conversation, its token and its open stream; replies are matched to the question by replyToId.</summary>
    private sealed class Stream : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();
        private string _conversationId = "";
        private string _token = "";
        private Task _reading = Task.CompletedTask;
        private int _n;

        public bool IsOpen => _socket.State == WebSocketState.Open;

        public static async Task<Stream> OpenAsync(HttpClient http, Uri baseUrl, string secret)
        {
            var stream = new Stream();
            using var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
            request.Headers.Authorization = new("Bearer", secret);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            stream._conversationId = body["conversationId"]!.GetValue<string>();
            stream._token = body["token"]!.GetValue<string>();
            var streamUrl = new Uri(body["streamUrl"]!.GetValue<string>());
            await stream._socket.ConnectAsync(streamUrl, CancellationToken.None);
            stream._reading = stream.ReadAsync();
            return stream;
        }

        /// <summary>Milliseconds from the POST to the reply on the stream, or null if none came in time.</summary>
        public async Task<double?> AskAsync(HttpClient http, string question, TimeSpan timeout)
        {
            var id = $"q{++_n}";
            var clock = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{Uri.EscapeDataString(_conversationId)}/activities")
            {
                Content = JsonContent.Create(new JsonObject
                {
                    ["type"] = "message",
                    ["from"] = new JsonObject { ["id"] = "visitor-" + _conversationId, ["role"] = "user" },
                    ["text"] = question,
                    ["channelData"] = new JsonObject { ["clientActivityID"] = id },
                }),
            };
            request.Headers.Authorization = new("Bearer", _token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var posted = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            var reply = _waiting.GetOrAdd(posted, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var done = await Task.WhenAny(reply.Task, Task.Delay(timeout));
            return done == reply.Task ? clock.Elapsed.TotalMilliseconds : null;
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[64 * 1024];
            var message = new MemoryStream();
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }
                    if (message.Length > 0)
                    {
                        Dispatch(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                    }
                    message.SetLength(0);
                }
            }
            catch (WebSocketException)
            {
                // Counted as no longer open.
            }
        }

        private void Dispatch(string json)
        {
            using var set = JsonDocument.Parse(json);
            if (!set.RootElement.TryGetProperty("activities", out var activities))
            {
                return;
            }
            foreach (var activity in activities.EnumerateArray())
            {
                if (activity.TryGetProperty("replyToId", out var to) && to.GetString() is { } replyTo
                    && activity.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) && role.GetString() == "bot")
                {
                    _waiting.GetOrAdd(replyTo, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_socket.State == WebSocketState.Open)
            {
                try
                {
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                }
                catch (WebSocketException)
                {
                }
            }
            await _reading;
            _socket.Dispose();
        }
    }
}
