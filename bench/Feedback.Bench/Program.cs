using Feedback.Bench;

return args.FirstOrDefault() switch
{
    "emulator" => await EmulatorBenchmark.RunAsync(),
    "transform" => await TransformBenchmark.RunAsync(args.Skip(1).ToArray()),
    "evaluation" => await EvaluationBenchmark.RunAsync(),
    "structuring" => await StructuringBenchmark.RunAsync(args.Skip(1).ToArray()),
    "learning" => await LearningCurveBenchmark.RunAsync(args.Skip(1).ToArray()),
    "dataupdate" => await DataUpdateBenchmark.RunAsync(args.Skip(1).ToArray()),
    "runtime" => await Feedback.Bench.Runtime.RuntimeCostBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Feedback.Bench -- emulator | transform [rows ...] | evaluation | structuring [requests] | learning [--viggo DIR] | runtime [sequence] [fan-out] | dataupdate [rows ...]");
    return 2;
}
