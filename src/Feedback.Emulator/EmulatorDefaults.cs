namespace Feedback.Emulator;

/// <summary>The ids the emulator knows out of the box: one project, an LLM-Forge build and a Ray Serve LLM build, a compute config for each.</summary>
public static class EmulatorDefaults
{
    /// <summary>The default project.</summary>
    public const string ProjectId = "prj_emulator_default";

    /// <summary>The LLM-Forge image's build.</summary>
    public const string FineTuneBuildId = "bld_emulator_llmforge";

    /// <summary>The GPU compute config of fine-tuning jobs.</summary>
    public const string FineTuneComputeConfigId = "cpt_emulator_gpu";

    /// <summary>The Ray Serve LLM image's build.</summary>
    public const string ServingBuildId = "bld_emulator_rayllm";

    /// <summary>The compute config of services.</summary>
    public const string ServingComputeConfigId = "cpt_emulator_serving";

    /// <summary>
    /// The product's <c>Anyscale:*</c> settings that point a client at an emulator: base URL, token, project and the
    /// four ids above.
    /// </summary>
    /// <param name="baseUrl">The emulator's address.</param>
    /// <param name="token">The platform token.</param>
    /// <param name="projectId">The project, or null for the default project.</param>
    public static Dictionary<string, string?> ClientSettings(string baseUrl, string token, string? projectId = "prj_feedback") => new()
    {
        ["Anyscale:BaseUrl"] = baseUrl,
        ["Anyscale:Token"] = token,
        ["Anyscale:ProjectId"] = projectId,
        ["Anyscale:FineTuneBuildId"] = FineTuneBuildId,
        ["Anyscale:FineTuneComputeConfigId"] = FineTuneComputeConfigId,
        ["Anyscale:ServingBuildId"] = ServingBuildId,
        ["Anyscale:ServingComputeConfigId"] = ServingComputeConfigId,
    };
}
