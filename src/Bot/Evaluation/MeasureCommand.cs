namespace Bot.Evaluation;

public static class MeasureCommand
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(0);
}
