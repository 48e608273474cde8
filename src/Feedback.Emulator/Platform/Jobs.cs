using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.FineTuning;
using Feedback.Core.Jsonl;
using Feedback.Emulator.Learning;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;

namespace Feedback.Emulator.Platform;

/// <summary>A job as the API shows it.</summary>
public sealed class EmulatedJob
{
    /// <summary>The id, <c>prodjob_...</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The name given at submission (not unique).</summary>
    public required string Name { get; init; }
    /// <summary>The project.</summary>
    public string? ProjectId { get; init; }
    /// <summary>The submitted config, as sent.</summary>
    public required JsonNode Config { get; init; }
    /// <summary>The current state.</summary>
    public string State { get; set; } = "PENDING";
    /// <summary>Why it failed.</summary>
    public string? Error { get; set; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the state last changed.</summary>
    public DateTimeOffset TransitionedAt { get; set; }
    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Log lines.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();
    /// <summary>Cancels the run on terminate.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The wire form.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["project_id"] = ProjectId,
        ["config"] = Config.DeepClone(),
        ["created_at"] = CreatedAt.ToString("O"),
        ["finished_at"] = FinishedAt?.ToString("O"),
        ["state"] = new JsonObject
        {
            ["current_state"] = State,
            ["goal_state"] = "SUCCESS",
            ["error"] = Error,
            ["state_transitioned_at"] = TransitionedAt.ToString("O"),
        },
    };
}

/// <summary>Runs fine-tuning jobs: reads the LLM-Forge YAML and the training file, trains, writes the artifact.</summary>
public sealed class JobRunner(IOptions<EmulatorOptions> options, Faults faults, TimeProvider time, ModelStore models, ILogger<JobRunner> logger)
{
    private readonly ConcurrentDictionary<string, EmulatedJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>All jobs, oldest first.</summary>
    public IEnumerable<EmulatedJob> All => _jobs.Values.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id, StringComparer.Ordinal);

    /// <summary>A job by id.</summary>
    public EmulatedJob? Get(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Creates a job and starts it in the background.</summary>
    public EmulatedJob Submit(string name, string? projectId, JsonNode config)
    {
        var now = time.GetUtcNow();
        var job = new EmulatedJob
        {
            Id = $"prodjob_{Guid.NewGuid():N}"[..28],
            Name = name,
            ProjectId = projectId,
            Config = config,
            CreatedAt = now,
            TransitionedAt = now,
        };
        _jobs[job.Id] = job;
        _ = Task.Run(() => RunAsync(job));
        return job;
    }

    /// <summary>Terminates a job that has not finished.</summary>
    public void Terminate(EmulatedJob job)
    {
        lock (job)
        {
            if (job.State is "SUCCESS" or "TERMINATED" or "BROKEN" or "OUT_OF_RETRIES") return;
            Move(job, "TERMINATED");
            job.FinishedAt = time.GetUtcNow();
        }
        job.Cancellation.Cancel();
    }

    private async Task RunAsync(EmulatedJob job)
    {
        var ct = job.Cancellation.Token;
        try
        {
            await Task.Delay(options.Value.JobStepDelay, time, ct);
            if (!TryMove(job, "RUNNING")) return;
            job.Logs.Enqueue("starting fine-tune");
            await Task.Delay(options.Value.JobStepDelay, time, ct);
            if (faults.TakeJobFailure()) throw new InvalidOperationException("injected failure: the job's worker crashed");
            var (modelId, artifact, trained, skipped) = await TrainAsync(job, ct);
            job.Logs.Enqueue($"trained {modelId} on {trained} examples ({skipped} invalid rows skipped); artifact at {artifact}");
            lock (job)
            {
                if (job.State != "RUNNING") return;
                Move(job, "SUCCESS");
                job.FinishedAt = time.GetUtcNow();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed job reports any error in its state, as the platform does.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.JobFailed(logger, job.Id, ex.Message);
            job.Logs.Enqueue("error: " + ex.Message);
            lock (job)
            {
                job.Error = ex.Message;
                Move(job, "OUT_OF_RETRIES");
                job.FinishedAt = time.GetUtcNow();
            }
        }
    }

    private async Task<(string ModelId, string Artifact, int Trained, int Skipped)> TrainAsync(EmulatedJob job, CancellationToken ct)
    {
        var runtime = job.Config["runtime_env"];
        var workingDir = await WorkingDirectory.MaterializeAsync((string?)runtime?["working_dir"] ?? ".", job.Id, options.Value, ct);
        var entrypoint = (string?)job.Config["entrypoint"] ?? throw new InvalidOperationException("the job has no entrypoint");
        var yamlArg = entrypoint.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(a => a.EndsWith(".yaml", StringComparison.Ordinal) || a.EndsWith(".yml", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the entrypoint '{entrypoint}' names no fine-tuning YAML");
        var yamlPath = Resolve(workingDir, yamlArg);
        if (!File.Exists(yamlPath)) throw new FileNotFoundException($"fine-tuning config not found: {yamlArg}");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(yamlPath)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        string Field(string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)
            ? s.Value! : throw new InvalidOperationException($"the fine-tuning config has no '{key}'");
        var baseModel = Field("model_id");
        var trainPath = Resolve(workingDir, Field("train_path"));
        if (!File.Exists(trainPath)) throw new FileNotFoundException($"training file not found: {Field("train_path")}");

        var suffix = (string?)runtime?["env_vars"]?["FINETUNE_MODEL_SUFFIX"] ?? job.Name;
        var modelId = $"{baseModel}:{suffix}";
        var examples = new List<ChatExample>();
        var invalid = 0;
        await using (var stream = File.OpenRead(trainPath))
        {
            await foreach (var line in JsonlReader.ReadLinesAsync(stream, cancellationToken: ct))
            {
                try
                {
                    var example = line.TooLong ? null : JsonSerializer.Deserialize(line.Bytes.Span, Core.CoreJsonContext.Default.ChatExample);
                    if (example?.Text is null || example.Mr is null) invalid++;
                    else examples.Add(example);
                }
                catch (JsonException)
                {
                    invalid++;
                }
            }
        }
        var total = examples.Count + invalid;
        if (total == 0) throw new InvalidOperationException("the training file is empty");
        var model = MrModel.Train(examples, out var skipped);
        invalid += skipped;
        if ((double)invalid / total > options.Value.MaxInvalidRowShare)
            throw new InvalidOperationException($"{invalid} of {total} training rows are invalid (more than {options.Value.MaxInvalidRowShare:P0})");
        var artifact = await models.SaveAsync(modelId, model, ct);
        return (modelId, artifact, model.TrainedOn, invalid);
    }

    private static string Resolve(string workingDir, string path)
    {
        if (path.StartsWith("file://", StringComparison.Ordinal)) path = new Uri(path).LocalPath;
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(workingDir, path));
    }

    private bool TryMove(EmulatedJob job, string state)
    {
        lock (job)
        {
            if (job.State is "TERMINATED") return false;
            Move(job, state);
            return true;
        }
    }

    private void Move(EmulatedJob job, string state)
    {
        job.State = state;
        job.TransitionedAt = time.GetUtcNow();
    }
}

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} failed: {Error}")]
    public static partial void JobFailed(ILogger logger, string jobId, string error);
}

/// <summary>Fine-tuned model artifacts on disk, loaded once.</summary>
public sealed class ModelStore(IOptions<EmulatorOptions> options)
{
    private readonly ConcurrentDictionary<string, MrModel> _loaded = new(StringComparer.Ordinal);

    /// <summary>Writes an artifact to <c>{root}/lora_fine_tuning/{model id}/model.json</c>.</summary>
    public async Task<string> SaveAsync(string modelId, MrModel model, CancellationToken ct)
    {
        var dir = Directory(modelId);
        System.IO.Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "model.json");
        await using (var stream = File.Create(path)) await JsonSerializer.SerializeAsync(stream, model, cancellationToken: ct);
        _loaded[modelId] = model;
        return path;
    }

    /// <summary>Whether a model can be served: a base model (no suffix) always; a fine-tuned one once trained.</summary>
    public bool Exists(string modelId) => !modelId.Contains(':', StringComparison.Ordinal) || _loaded.ContainsKey(modelId) || File.Exists(Path.Combine(Directory(modelId), "model.json"));

    /// <summary>The model for an id; a base model id gives the untrained model.</summary>
    public MrModel Load(string modelId) => _loaded.GetOrAdd(modelId, id =>
    {
        if (!id.Contains(':', StringComparison.Ordinal)) return MrModel.Train(new List<(string, string)>(), out _);
        using var stream = File.OpenRead(Path.Combine(Directory(id), "model.json"));
        return JsonSerializer.Deserialize<MrModel>(stream) ?? throw new InvalidOperationException($"artifact of {id} is empty");
    });

    private string Directory(string modelId) =>
        Path.Combine(Path.GetFullPath(options.Value.ArtifactsRoot), "lora_fine_tuning", string.Concat(modelId.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_')));
}
