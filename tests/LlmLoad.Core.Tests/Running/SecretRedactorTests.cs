using LlmLoad.Core.Running;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Tests.Running;

public sealed class SecretRedactorTests
{
    private static readonly EndpointOptions Endpoint = new()
    {
        BaseUrl = new Uri("http://127.0.0.1:8000"),
        ApiKey = "sk-main-key-123",
        Headers =
        [
            new("X-Api-Key", "azure-key-456"),
            new("X-Proxy-Auth", "Bearer proxy-token-789"),
            new("X-Request-Source", "benchmark"),
            new("X-Secret", "abc"),
        ],
    };

    [Fact]
    public void The_key_every_header_value_and_bearer_tokens_are_secrets_by_default()
    {
        // when
        var secrets = SecretRedactor.SecretValues(Endpoint);

        // then longest first; a key may hide under any name, so "benchmark" is hidden too, and "abc" is too short
        // to cut out of messages without mangling them
        Assert.Equal(["Bearer proxy-token-789", "sk-main-key-123", "proxy-token-789", "azure-key-456", "benchmark"], secrets);
    }

    [Fact]
    public void With_header_values_shown_only_secret_named_headers_and_bearer_tokens_stay_secret()
    {
        // when
        var secrets = SecretRedactor.SecretValues(Endpoint with { ShowHeaderValues = true });

        // then
        Assert.Equal(["sk-main-key-123", "proxy-token-789", "azure-key-456"], secrets);
    }

    [Fact]
    public void Url_credentials_are_secret_whole_as_the_password_alone_and_as_the_basic_token()
    {
        // when
        var secrets = SecretRedactor.SecretValues(new EndpointOptions { BaseUrl = new Uri("http://h"), UrlCredentials = "user:pass-word" });

        // then (base64 of "user:pass-word")
        Assert.Equal(["dXNlcjpwYXNzLXdvcmQ=", "user:pass-word", "pass-word"], secrets);
    }

    [Fact]
    public void A_header_is_written_with_its_value_only_when_shown_and_harmlessly_named()
    {
        // given
        KeyValuePair<string, string> team = new("X-Team", "bench"), token = new("X-Auth-Token", "t0k3n");

        // then
        Assert.Equal(new("X-Team", "***"), SecretRedactor.Redact(team));
        Assert.Equal(team, SecretRedactor.Redact(team, showValue: true));
        Assert.Equal(new("X-Auth-Token", "***"), SecretRedactor.Redact(token, showValue: true));
    }

    [Fact]
    public void Every_occurrence_is_replaced_and_a_secret_containing_another_is_cut_whole()
    {
        // given secrets ordered longest first, as SecretValues returns them
        string[] secrets = ["sk-abc-long-extension", "sk-abc"];

        // when
        var redacted = SecretRedactor.RedactValues("key sk-abc-long-extension rejected; also sk-abc, sk-abc", secrets);

        // then
        Assert.Equal("key *** rejected; also ***, ***", redacted);
    }
}
