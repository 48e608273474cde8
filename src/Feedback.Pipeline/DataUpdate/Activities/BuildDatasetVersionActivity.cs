using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feedback.Core;
using Feedback.Core.FineTuning;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Core.Records;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>Builds the new dataset version from the parent and the transformed objects (see <see cref="DatasetVersionBuilder"/>).</summary>
/// <param name="builder">The join.</param>
public sealed class BuildDatasetVersionActivity(DatasetVersionBuilder builder) : TaskActivity<DatasetBuildRequest, DatasetBuildResult>
{
    /// <inheritdoc />
    public override Task<DatasetBuildResult> RunAsync(TaskActivityContext context, DatasetBuildRequest input) => builder.BuildAsync(input);
}
