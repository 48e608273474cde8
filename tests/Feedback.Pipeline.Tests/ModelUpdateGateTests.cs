using System.Text.Json;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Feedback.Pipeline.Tests;

/// <summary>The model update's gate with the store in memory: counts since the last fine-tune, covered versions, the lease.</summary>
public sealed class ModelUpdateGateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly MemoryObjectStore _store = new();
    private readonly FakeTimeProvider _time = new(Now);

    private ModelRegistry Registry => new(_store);

    private EvaluateModelUpdateGateActivity Gate() =>
        new(_store, Registry, Options.Create(new ModelUpdateOptions { Threshold = 200 }), _time);

    private Task<ModelUpdateGate> AskAsync(string version, string holder = "update-a", bool force = false) =>
        Gate().RunAsync(null!, new GateRequest(version, holder, force));

    private Task VersionAsync(string version, string? parent, long newLabelled) => DatasetVersions.WriteAsync(_store, version, parent, newLabelled, Now);

    private Task<ModelRegistryDocument> FineTunedOnAsync(string version) =>
        Registry.RegisterChallengerAsync(new RegisteredModel($"m:ds-{version}", version, $"job-{version}", ModelState.Challenger, Now));

    [Fact]
    public async Task Gate_FewerThanTheThreshold_IsBelowThresholdAndTakesNoLease()
    {
        await VersionAsync("v1", null, 100);

        ModelUpdateGate gate = await AskAsync("v1");

        Assert.Equal(GateVerdict.BelowThreshold, gate.Verdict);
        Assert.Equal(100, gate.NewLabelled);
        Assert.Null((await Registry.ReadAsync()).Lease);
    }

    [Fact]
    public async Task Gate_EnoughAlongTheParentChain_ProceedsAndTakesTheLease()
    {
        await VersionAsync("v1", null, 100);
        await VersionAsync("v2", "v1", 150);

        ModelUpdateGate gate = await AskAsync("v2");

        Assert.Equal(GateVerdict.Proceed, gate.Verdict);
        Assert.Equal(250, gate.NewLabelled);
        ModelUpdateLease lease = (await Registry.ReadAsync()).Lease!;
        Assert.Equal(("update-a", "v2", Now, Now + TimeSpan.FromDays(1)), (lease.Holder, lease.DatasetVersion, lease.AcquiredAt, lease.ExpiresAt));
    }

    [Fact]
    public async Task Gate_AfterAFineTune_CountsOnlyWhatCameSince()
    {
        await VersionAsync("v1", null, 500);
        await VersionAsync("v2", "v1", 150);
        await FineTunedOnAsync("v1");

        ModelUpdateGate gate = await AskAsync("v2");

        Assert.Equal(GateVerdict.BelowThreshold, gate.Verdict);
        Assert.Equal(150, gate.NewLabelled);
        Assert.Equal("v1", gate.LastFineTunedVersion);
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v1")]
    public async Task Gate_VersionTheNewestModelWasTrainedOnOrContains_IsCovered(string version)
    {
        await VersionAsync("v1", null, 300);
        await VersionAsync("v2", "v1", 300);
        await FineTunedOnAsync("v2");

        ModelUpdateGate gate = await AskAsync(version, force: true);

        Assert.Equal(GateVerdict.Covered, gate.Verdict);
        Assert.Null((await Registry.ReadAsync()).Lease);
    }

    [Fact]
    public async Task Gate_VersionOnAnotherBranch_CountsFromTheSharedAncestor()
    {
        await VersionAsync("v1", null, 100);
        await VersionAsync("va", "v1", 250);
        await VersionAsync("vb", "v1", 300);
        await FineTunedOnAsync("va");

        ModelUpdateGate gate = await AskAsync("vb");

        Assert.Equal(GateVerdict.Proceed, gate.Verdict);
        Assert.Equal(300, gate.NewLabelled);
    }

    [Fact]
    public async Task Gate_LeaseHeldByAnotherLiveUpdate_Waits()
    {
        await VersionAsync("v1", null, 300);
        await Registry.AcquireLeaseAsync("update-b", "v0", null, Now.AddMinutes(-5), TimeSpan.FromHours(1));

        ModelUpdateGate gate = await AskAsync("v1");

        Assert.Equal(GateVerdict.Wait, gate.Verdict);
        Assert.Equal("update-b", gate.HeldBy!.Holder);
        Assert.Contains("waiting for update-b", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_LeaseOfAnUpdateThatNeverReleasedIt_IsTakenOverOnceExpired()
    {
        await VersionAsync("v1", null, 300);
        await Registry.AcquireLeaseAsync("update-b", "v0", null, Now.AddDays(-2), TimeSpan.FromDays(1));

        ModelUpdateGate gate = await AskAsync("v1");

        Assert.Equal(GateVerdict.Proceed, gate.Verdict);
        Assert.Equal("update-a", (await Registry.ReadAsync()).Lease!.Holder);
    }

    [Fact]
    public async Task Gate_ForcedBelowThreshold_ProceedsSayingSo()
    {
        await VersionAsync("v1", null, 100);

        ModelUpdateGate gate = await AskAsync("v1", force: true);

        Assert.Equal(GateVerdict.Proceed, gate.Verdict);
        Assert.StartsWith("Forced by the caller", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_AskedAgainByTheHolder_ProceedsWithTheSameLease()
    {
        await VersionAsync("v1", null, 300);
        await AskAsync("v1");
        _time.Advance(TimeSpan.FromMinutes(10));

        ModelUpdateGate again = await AskAsync("v1");

        Assert.Equal(GateVerdict.Proceed, again.Verdict);
        Assert.Equal(Now, (await Registry.ReadAsync()).Lease!.AcquiredAt);
    }
}
