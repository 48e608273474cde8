using Microsoft.DurableTask;

namespace Feedback.Bench.Runtime;

/// <summary>A no-op activity, the product's SDK shape.</summary>
public sealed class NoOpActivity : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
}

/// <summary>N no-op activities one after another.</summary>
public sealed class NoOpSequenceOrchestration : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        int sum = 0;
        for (int i = 0; i < input; i++)
        {
            sum += await context.CallActivityAsync<int>(nameof(NoOpActivity), i);
        }

        return sum;
    }
}

/// <summary>N no-op activities at once.</summary>
public sealed class NoOpFanOutOrchestration : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        int[] results = await Task.WhenAll(Enumerable.Range(0, input).Select(i => context.CallActivityAsync<int>(nameof(NoOpActivity), i)));
        return results.Sum();
    }
}
