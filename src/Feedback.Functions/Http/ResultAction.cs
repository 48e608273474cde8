using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Feedback.Functions.Http;

/// <summary>
/// Runs an ASP.NET Core <see cref="IResult"/> (what the shared endpoints answer) as the <see cref="IActionResult"/> an
/// HTTP function returns under the Functions ASP.NET Core integration, so both runtimes write the same responses.
/// </summary>
/// <param name="result">The endpoint's answer.</param>
public sealed class ResultAction(IResult result) : IActionResult
{
    /// <summary>The endpoint's answer.</summary>
    public IResult Result { get; } = result;

    /// <inheritdoc />
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Result.ExecuteAsync(context.HttpContext);
    }
}
