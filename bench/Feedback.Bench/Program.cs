using Feedback.Bench;

return args.FirstOrDefault() switch
{
    "emulator" => await EmulatorBenchmark.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Feedback.Bench -- emulator");
    return 2;
}
