using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Tests.Transport;

public sealed class UrlUserInfoTests
{
    [Fact]
    public void The_user_info_is_taken_out_of_the_url_and_decoded()
    {
        // given a password with an escaped @ and colon
        var url = new Uri("http://bench%40corp:p%3Ass@gpu-box:8000/v1");

        // then
        Assert.Equal("http://gpu-box:8000/v1", UrlUserInfo.Strip(url).ToString());
        Assert.Equal("bench@corp:p:ss", UrlUserInfo.Credentials(url));
    }

    [Fact]
    public void A_url_without_user_info_is_kept_as_it_is()
    {
        // given
        var url = new Uri("https://gpu-box/");

        // then
        Assert.Same(url, UrlUserInfo.Strip(url));
        Assert.Null(UrlUserInfo.Credentials(url));
    }

    [Fact]
    public void A_user_name_alone_has_an_empty_password()
    {
        Assert.Equal("token:", UrlUserInfo.Credentials(new Uri("http://token@h/")));
    }

    [Fact]
    public void Text_that_did_not_parse_is_echoed_without_what_lies_between_the_scheme_and_the_at_sign()
    {
        Assert.Equal("ftp://***@host:1/x@y", UrlUserInfo.RedactText("ftp://u:p@ss@host:1/x@y"));
        Assert.Equal("localhost:8000", UrlUserInfo.RedactText("localhost:8000"));
    }
}
