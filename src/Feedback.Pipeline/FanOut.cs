using Microsoft.DurableTask;

namespace Feedback.Pipeline;

/// <summary>Bounded fan-out for orchestrators: the data update's transforms, the rollout's evaluation batches, the structuring batches.</summary>
internal static class FanOut
{
    /// <summary>
    /// Calls <paramref name="activity"/> once per input, at most <paramref name="limit"/> at once, scheduling the
    /// next input as each call finishes (deterministic: the same order on replay). Results are in input order;
    /// <paramref name="finished"/> is told the index of each input whose call finished.
    /// </summary>
    public static async Task<TOut[]> RunAsync<TIn, TOut>(
        TaskOrchestrationContext context, string activity, IReadOnlyList<TIn> inputs, int limit, TaskOptions options, Action<int>? finished = null)
    {
        var results = new TOut[inputs.Count];
        var running = new Dictionary<Task<TOut>, int>();
        int next = 0;
        int done = 0;
        while (done < inputs.Count)
        {
            while (running.Count < limit && next < inputs.Count)
            {
                running.Add(context.CallActivityAsync<TOut>(activity, inputs[next], options), next);
                next++;
            }

            Task<TOut> completed = await Task.WhenAny(running.Keys);
            int index = running[completed];
            results[index] = await completed;
            running.Remove(completed);
            done++;
            finished?.Invoke(index);
        }

        return results;
    }
}
