using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.FineTuning;
using Feedback.Core.Jsonl;
using Feedback.Emulator.Learning;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;

namespace Feedback.Emulator.Platform;

/// <summary>
/// What a job's entrypoint runs on the LLM-Forge image: <c>llmforge dev finetune {yaml} --model-tag={base}:{adapter}
/// --forward-best-checkpoint-remote-uri={uri}</c>, as the reference runs it. It pulls the job's working directory (the
/// remote zip in <c>runtime_env.working_dir</c>), reads the YAML and the DeepSpeed config it names, reads the training
/// file (a remote URI, or a path inside the working directory), trains, and forwards the adapter to
/// <c>{uri}{model tag}/</c> (<c>adapter_config.json</c>, <c>adapter_model.safetensors</c>).
/// </summary>
public sealed class LlmForge(IOptions<EmulatorOptions> options, CloudStorage storage)
{
    /// <summary>Runs the job's entrypoint; throws with the error the job reports.</summary>
    /// <param name="job">The job.</param>
    /// <param name="ct">Cancels the run (terminate).</param>
    public async Task RunAsync(EmulatedJob job, CancellationToken ct)
    {
        EmulatorOptions o = options.Value;
        string entrypoint = (string?)job.Config["entrypoint"] ?? string.Empty;
        string[] args = entrypoint.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (args.Length == 0) throw new InvalidOperationException("the job has no entrypoint");
        if (args[0] != "llmforge") throw new InvalidOperationException($"{args[0]}: command not found");
        if ((string?)job.Config["build_id"] != o.FineTuneBuildId)
        {
            throw new InvalidOperationException($"llmforge: command not found (build {(string?)job.Config["build_id"]} is not an LLM-Forge image)");
        }

        if (args.Length < 4 || args[1] != "dev" || args[2] != "finetune")
        {
            throw new InvalidOperationException(
                $"'{string.Join(' ', args.Take(3))}': this platform runs 'llmforge dev finetune <yaml> --model-tag=<base>:<adapter> --forward-best-checkpoint-remote-uri=<uri>'");
        }

        string modelTag = Flag(args, "--model-tag") ?? throw new InvalidOperationException("llmforge dev finetune: --model-tag is required here (the model id must be known before the job starts)");
        string forward = Flag(args, "--forward-best-checkpoint-remote-uri") ?? throw new InvalidOperationException("llmforge dev finetune: --forward-best-checkpoint-remote-uri is required here");
        if (storage.Problem(forward) is { } forwardProblem) throw new InvalidOperationException($"--forward-best-checkpoint-remote-uri: {forwardProblem}");

        string workingDir = await PullWorkingDirectoryAsync(job, ct);
        string yamlPath = Path.GetFullPath(Path.Combine(workingDir, args[3]));
        if (!yamlPath.StartsWith(workingDir, StringComparison.Ordinal) || !File.Exists(yamlPath))
        {
            throw new FileNotFoundException($"fine-tuning config not found in the working directory: {args[3]}");
        }

        var yaml = new YamlStream();
        using (var reader = new StreamReader(yamlPath)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        string baseModel = Scalar(root, "model_id") ?? throw new InvalidOperationException("the fine-tuning config has no 'model_id'");
        if (!modelTag.StartsWith(baseModel + ":", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"--model-tag '{modelTag}' must be '{baseModel}:<adapter>' (the config's model_id, a colon, the adapter's name)");
        }

        if (root.Children.TryGetValue(new YamlScalarNode("deepspeed"), out YamlNode? deepspeed) && deepspeed is YamlMappingNode ds && Scalar(ds, "config_path") is { } dsPath
            && !File.Exists(Path.Combine(workingDir, dsPath)))
        {
            throw new FileNotFoundException($"DeepSpeed config not found in the working directory: {dsPath}");
        }

        string trainPath = Scalar(root, "train_path") ?? throw new InvalidOperationException("the fine-tuning config has no 'train_path'");
        byte[] train = await ReadInputAsync(workingDir, trainPath, ct) ?? throw new FileNotFoundException($"training file not found: {trainPath}");
        var (model, trained, invalid) = await TrainAsync(train, ct);
        job.Logs.Enqueue($"trained {modelTag} on {trained} examples ({invalid} invalid rows skipped)");

        string target = $"{forward.TrimEnd('/')}/{modelTag}";
        await storage.WriteAsync($"{target}/{AdapterFiles.ConfigFile}", AdapterFiles.Config(baseModel, LoraConfig(root)), ct);
        await storage.WriteAsync($"{target}/{AdapterFiles.WeightsFile}", AdapterFiles.Weights(model), ct);
        job.Logs.Enqueue($"Note: LoRA weights will also be stored in path {forward} under {modelTag} bucket.");
    }

    private async Task<string> PullWorkingDirectoryAsync(EmulatedJob job, CancellationToken ct)
    {
        string uri = (string?)job.Config["runtime_env"]?["working_dir"] ?? throw new InvalidOperationException("the job has no working directory");
        byte[] zip = await storage.ReadAsync(uri, ct) ?? throw new FileNotFoundException($"the working directory {uri} does not exist");
        string local = Path.Combine(Path.GetFullPath(options.Value.ArtifactsRoot), "workdirs", job.Id) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(local);
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        archive.ExtractToDirectory(local, overwriteFiles: true);
        return local;
    }

    private async Task<byte[]?> ReadInputAsync(string workingDir, string path, CancellationToken ct)
    {
        if (Uri.TryCreate(path, UriKind.Absolute, out Uri? uri) && uri.Scheme is not "file" || path.StartsWith("file://", StringComparison.Ordinal))
        {
            return await storage.ReadAsync(path, ct);
        }

        string local = Path.GetFullPath(Path.Combine(workingDir, path));
        return local.StartsWith(workingDir, StringComparison.Ordinal) && File.Exists(local) ? await File.ReadAllBytesAsync(local, ct) : null;
    }

    private async Task<(MrModel Model, int Trained, int Invalid)> TrainAsync(byte[] train, CancellationToken ct)
    {
        var examples = new List<ChatExample>();
        int invalid = 0;
        await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(new MemoryStream(train), cancellationToken: ct))
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

        int total = examples.Count + invalid;
        if (total == 0) throw new InvalidOperationException("the training file is empty");
        MrModel model = MrModel.Train(examples, out int skipped);
        invalid += skipped;
        if ((double)invalid / total > options.Value.MaxInvalidRowShare)
        {
            throw new InvalidOperationException($"{invalid} of {total} training rows are invalid (more than {options.Value.MaxInvalidRowShare:P0})");
        }

        return (model, model.TrainedOn, invalid);
    }

    private static JsonObject LoraConfig(YamlMappingNode root)
    {
        var lora = new JsonObject();
        if (!root.Children.TryGetValue(new YamlScalarNode("lora_config"), out YamlNode? node) || node is not YamlMappingNode map) return lora;
        foreach (var (key, value) in map.Children)
        {
            string name = ((YamlScalarNode)key).Value!;
            lora[name] = value switch
            {
                YamlSequenceNode seq => new JsonArray([.. seq.Children.OfType<YamlScalarNode>().Select(s => (JsonNode)JsonValue.Create(s.Value)!)]),
                YamlScalarNode s when int.TryParse(s.Value, System.Globalization.CultureInfo.InvariantCulture, out int i) => i,
                YamlScalarNode s when double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d) => d,
                YamlScalarNode s when bool.TryParse(s.Value, out bool b) => b,
                YamlScalarNode s => s.Value,
                _ => null,
            };
        }

        return lora;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? v) && v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value) ? s.Value : null;

    private static string? Flag(string[] args, string name)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return args[i][(name.Length + 1)..];
            if (args[i] == name && i + 1 < args.Length) return args[i + 1];
        }

        return null;
    }
}
