namespace Feedback.Api.Reads;

/// <summary>Facts a runtime adds to its health answer (backend, task hub, its share of the work). Never secrets.</summary>
public interface IHealthFacts
{
    /// <summary>Adds the facts.</summary>
    /// <param name="data">The health check's data.</param>
    void AddTo(IDictionary<string, object> data);
}
