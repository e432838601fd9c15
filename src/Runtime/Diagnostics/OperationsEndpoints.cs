using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.Runtime.Diagnostics;

/// <summary>
/// <c>/healthz</c> (the process answers), <c>/readyz</c> (every <see cref="ReadinessCheck"/> holds) and
/// <c>/metrics</c> (Prometheus text), on the gateway's HTTP port and on a node's admin port.
/// </summary>
public static class OperationsEndpoints
{
    /// <summary>How long one readiness probe may take before it counts as failed.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Registers the exporter; add <see cref="ReadinessCheck"/> singletons for <c>/readyz</c>.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services) =>
        services.AddSingleton(_ => new PrometheusExporter());

    /// <summary>Maps the three endpoints.</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        // Listening from the start, so counters count from the start and not from the first scrape.
        _ = endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        // For operators and scrapers, not API clients: left out of the OpenAPI document.
        endpoints.MapGet("/healthz", (HttpContext http) => WriteAsync(http, StatusCodes.Status200OK, "alive", [])).ExcludeFromDescription();
        endpoints.MapGet("/readyz", ReadyAsync).ExcludeFromDescription();
        endpoints.MapGet("/metrics", (HttpContext http, PrometheusExporter exporter) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text(exporter.Scrape(), PrometheusExporter.ContentType);
        }).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ReadyAsync(HttpContext http)
    {
        var checks = http.RequestServices.GetServices<ReadinessCheck>();
        var results = await Task.WhenAll(checks.Select(check => RunAsync(check, http.RequestAborted)));
        var ready = results.All(r => r.Failure is null);
        await WriteAsync(http, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, ready ? "ready" : "not ready", results);
    }

    private static async Task<(string Name, string? Failure)> RunAsync(ReadinessCheck check, CancellationToken aborted)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(ProbeTimeout);
        try
        {
            return (check.Name, await check.Probe(deadline.Token).WaitAsync(deadline.Token));
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return (check.Name, $"no answer within {ProbeTimeout.TotalSeconds:0} s");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return (check.Name, error.Message);
        }
    }

    // {"status":"not ready","checks":{"journal":"storage unavailable: ...","leases":"ok"}}
    private static async Task WriteAsync(HttpContext http, int status, string summary, IReadOnlyList<(string Name, string? Failure)> checks)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        using var body = new MemoryStream();
        await using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("status", summary);
            if (checks.Count > 0)
            {
                json.WriteStartObject("checks");
                foreach (var (name, failure) in checks)
                {
                    json.WriteString(name, failure ?? "ok");
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        await http.Response.Body.WriteAsync(body.ToArray(), http.RequestAborted);
    }
}
