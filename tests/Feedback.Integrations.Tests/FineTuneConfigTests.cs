using Feedback.Integrations.Anyscale;
using YamlDotNet.RepresentationModel;

namespace Feedback.Integrations.Tests;

public class FineTuneConfigTests
{
    [Fact]
    public void ToYaml_ReferenceSettings_UsesTheReferenceFieldNamesAndValues()
    {
        var yaml = FineTuneConfig.ToYaml(new FineTuneOptions(), "s3://bucket/datasets/v1/train.jsonl", "s3://bucket/datasets/v1/valid.jsonl", "/mnt/local_storage");
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

        string[] referenceFields =
        [
            "model_id", "train_path", "valid_path", "context_length", "num_devices", "num_epochs",
            "train_batch_size_per_device", "eval_batch_size_per_device", "learning_rate", "num_checkpoints_to_keep", "dataset_size_scaling_factor",
            "output_dir", "deepspeed", "flash_attention_2", "worker_resources", "lora_config",
        ];
        Assert.Equal(referenceFields, root.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal("mistralai/Mistral-7B-Instruct-v0.1", Scalar(root, "model_id"));
        Assert.Equal("512", Scalar(root, "context_length"));
        Assert.Equal("4", Scalar(root, "num_devices"));
        Assert.Equal("8", Scalar(root, "train_batch_size_per_device"));
        Assert.Equal("0.0001", Scalar(root, "learning_rate"));
        var lora = (YamlMappingNode)root["lora_config"];
        Assert.Equal("8", Scalar(lora, "r"));
        Assert.Equal("16", Scalar(lora, "lora_alpha"));
        Assert.Equal("0.05", Scalar(lora, "lora_dropout"));
        Assert.Equal("CAUSAL_LM", Scalar(lora, "task_type"));
        Assert.Equal("none", Scalar(lora, "bias"));
        Assert.Equal(9, ((YamlSequenceNode)lora["target_modules"]).Children.Count);
        Assert.Equal("0.001", Scalar((YamlMappingNode)root["worker_resources"], "accelerator_type:A10G"));
        Assert.Equal("deepspeed_configs/zero_3_offload_optim+param.json", Scalar((YamlMappingNode)root["deepspeed"], "config_path"));
    }

    [Fact]
    public void FineTunedModelId_IsBaseColonSuffix()
    {
        Assert.Equal("mistralai/Mistral-7B-Instruct-v0.1:viggo-subset-200", FineTuneConfig.FineTunedModelId("mistralai/Mistral-7B-Instruct-v0.1", "viggo-subset-200"));
    }
}
