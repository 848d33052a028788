using System.Text;
using System.Text.RegularExpressions;

namespace LlmLoad.Core.Transport;

/// <summary>
/// A user name and password typed into a base URL (<c>http://user:pw@host</c>). llmload sends them as HTTP Basic
/// authorization and takes them out of the URL it keeps, so that no file, log or error message that shows the URL
/// shows them (.NET's clients would otherwise drop them silently and every echo of the URL would keep them).
/// </summary>
public static partial class UrlUserInfo
{
    /// <summary>The URL without its user name and password.</summary>
    public static Uri Strip(Uri url) =>
        url.UserInfo.Length == 0 ? url : new UriBuilder(url) { UserName = "", Password = "" }.Uri;

    /// <summary>"user:password", percent-decoded, or null when the URL has none.</summary>
    public static string? Credentials(Uri url)
    {
        if (url.UserInfo.Length == 0)
        {
            return null;
        }
        var colon = url.UserInfo.IndexOf(':');
        return colon < 0
            ? Uri.UnescapeDataString(url.UserInfo) + ":"
            : Uri.UnescapeDataString(url.UserInfo[..colon]) + ":" + Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
    }

    /// <summary>The token of <c>Authorization: Basic TOKEN</c> for "user:password" (RFC 7617, UTF-8).</summary>
    public static string BasicToken(string credentials) => Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    /// <summary>A URL as the user typed it, with anything between <c>://</c> and <c>@</c> cut out, for echoing text that did not parse.</summary>
    public static string RedactText(string text) => UserInfoPattern().Replace(text, "***@");

    [GeneratedRegex(@"(?<=://)[^/?#\s]*@")]
    private static partial Regex UserInfoPattern();
}
