using DurableTask.Core;

namespace Feedback.Bench.Runtime;

/// <summary>The same no-op activity on the bare engine (DurableTask.Core).</summary>
public sealed class BareNoOpActivity : TaskActivity<int, int>
{
    protected override int Execute(TaskContext context, int input) => input;
}

/// <summary>The same sequence on the bare engine.</summary>
public sealed class BareSequenceOrchestration : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        int sum = 0;
        for (int i = 0; i < input; i++)
        {
            sum += await context.ScheduleTask<int>(typeof(BareNoOpActivity), i);
        }

        return sum;
    }
}

/// <summary>The same fan-out on the bare engine.</summary>
public sealed class BareFanOutOrchestration : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        int[] results = await Task.WhenAll(Enumerable.Range(0, input).Select(i => context.ScheduleTask<int>(typeof(BareNoOpActivity), i)));
        return results.Sum();
    }
}
