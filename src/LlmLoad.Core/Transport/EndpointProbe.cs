using System.Text.Json;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Checks an endpoint before a run: lists its models (to default <c>--model</c>), then sends one
/// short request and turns any failure into a one-line <see cref="EndpointException"/> that says what to fix.
/// </summary>
public sealed class EndpointProbe(HttpClient client, EndpointOptions endpoint)
{
    /// <summary>Model ids from <c>GET /v1/models</c>; empty when the server does not list them.</summary>
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.ModelsUri);
        endpoint.AddCredentialsAndHeaders(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(endpoint.ConnectTimeout + TimeSpan.FromSeconds(20));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new EndpointException($"cannot reach {endpoint.BaseUrl}: {exception.Message} Check --base-url and that the server is running.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EndpointException($"cannot reach {endpoint.BaseUrl}: no answer to GET {endpoint.ModelsUri.AbsolutePath} in time. Check --base-url and that the server is running.");
        }
        using (response)
        {
            if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            {
                throw new EndpointException(KeyRefused((int)response.StatusCode));
            }
            if (!response.IsSuccessStatusCode)
            {
                return [];
            }
            try
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                using var document = JsonDocument.Parse(body);
                return document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
                    ? [.. data.EnumerateArray()
                        .Select(model => model.TryGetProperty("id", out var id) ? id.GetString() : null)
                        .OfType<string>()]
                    : [];
            }
            catch (JsonException)
            {
                return [];
            }
        }
    }

    /// <summary>Throws when the pre-flight record shows the run cannot work.</summary>
    public static void ThrowIfUnusable(RequestRecord preflight, EndpointOptions endpoint, string model, IReadOnlyList<string> knownModels)
    {
        if (preflight.Outcome is RequestOutcome.Ok or RequestOutcome.EmptyOutput)
        {
            return;
        }
        var detail = preflight.ErrorMessage ?? preflight.Outcome.ToName();
        throw new EndpointException(preflight switch
        {
            { Outcome: RequestOutcome.Connect } => $"cannot reach {endpoint.BaseUrl}: {detail} Check --base-url and that the server is running.",
            { HttpStatus: 401 or 403 } => KeyRefused(preflight.HttpStatus.Value),
            { HttpStatus: 404 } or { HttpStatus: 400 } when knownModels.Count > 0 && !knownModels.Contains(model) =>
                $"model \"{model}\" is not served by {endpoint.BaseUrl}; it serves: {string.Join(", ", knownModels)}. Pass one of them with --model.",
            { HttpStatus: 404 } => $"{endpoint.RequestUri} answered 404 ({detail}). Check --base-url, --api and --model.",
            { Outcome: RequestOutcome.NotStreamed } => $"{endpoint.RequestUri} does not stream: {detail}. Pass --no-stream to measure E2EL and throughput only.",
            _ => $"the pre-flight request to {endpoint.RequestUri} failed ({preflight.Outcome.ToName()}): {detail}",
        });
    }

    /// <summary>
    /// A warning when the server answered a <c>--model</c> it does not list (an alias, or a router that takes any
    /// name): the numbers may be another model's. Null when the model is listed or the server lists none.
    /// </summary>
    public static string? UnlistedModel(EndpointOptions endpoint, string model, IReadOnlyList<string> knownModels)
    {
        const int MaxNamed = 10;
        if (knownModels.Count == 0 || knownModels.Contains(model))
        {
            return null;
        }
        var listed = string.Join(", ", knownModels.Take(MaxNamed)) + (knownModels.Count > MaxNamed ? ", ..." : "");
        return $"--model \"{model}\" is not among the models {endpoint.ModelsUri} lists ({listed}); the server answered it anyway, so check the results are for the model you meant.";
    }

    private static string KeyRefused(int status) =>
        $"the endpoint refused the API key (HTTP {status}). Put the key in an environment variable and name it with --api-key-env (default OPENAI_API_KEY).";
}
