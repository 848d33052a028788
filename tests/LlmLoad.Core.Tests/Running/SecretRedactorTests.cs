using LlmLoad.Core.Running;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Tests.Running;

public sealed class SecretRedactorTests
{
    [Fact]
    public void The_key_secret_named_headers_and_bearer_tokens_are_secrets_and_ordinary_headers_are_not()
    {
        // given
        var endpoint = new EndpointOptions
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

        // when
        var secrets = SecretRedactor.SecretValues(endpoint);

        // then longest first; "benchmark" is no secret, and "abc" is too short to cut out of messages without mangling them
        Assert.Equal(["sk-main-key-123", "proxy-token-789", "azure-key-456"], secrets);
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
