using System.Globalization;
using System.Net.Http.Headers;

namespace Bot.Tests.Telemetry;

/// <summary>What a Prometheus server would read from /metrics: samples by name and labels.</summary>
public sealed class PrometheusText(string text)
{
    public string Text { get; } = text;

    public static async Task<PrometheusText> ScrapeAsync(HttpClient http, string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The value of the one sample of <paramref name="name"/> that has these labels (others may be there too); null if none.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        var matches = Text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labels.All(l => line.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            .ToList();
        Assert.True(matches.Count <= 1, $"More than one sample of {name} has those labels:\n{string.Join("\n", matches)}");
        return matches.Count == 0 ? null : double.Parse(matches[0][(matches[0].LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>The sum over every sample of <paramref name="name"/>, whatever its labels.</summary>
    public double Total(string name) =>
        Samples(name).Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>Every sample of <paramref name="name"/>, one line each.</summary>
    public IReadOnlyList<string> Samples(string name) =>
        Text.Split('\n').Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal)).ToList();
}
