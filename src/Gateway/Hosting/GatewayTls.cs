using AuthActors.Runtime.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace AuthActors.Gateway.Hosting;

/// <summary>
/// TLS on the gateway's client ports (login, session, HTTP) when <c>gateway.tls.certificate</c> and <c>key</c> are
/// set: Kestrel's TLS in front of each listener, the TCP protocols' connection handlers included, and HSTS on HTTP.
/// </summary>
public sealed class GatewayTls
{
    /// <summary>How long browsers remember to use HTTPS only (the max-age of Strict-Transport-Security).</summary>
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    private readonly PemCertificate _certificate;

    private GatewayTls(PemCertificate certificate)
    {
        _certificate = certificate;
    }

    /// <summary>The certificate served, for the start-up log.</summary>
    public string Subject => _certificate.Certificate.Subject;

    /// <summary>Reads <c>gateway.tls</c>: null (plain text) when neither path is set.</summary>
    /// <exception cref="InvalidOperationException">Only one is set, or a file is missing, unreadable, malformed, expired or the key is not the certificate's.</exception>
    public static GatewayTls? Load(IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(time);
        var certificate = configuration["gateway:tls:certificate"] ?? "";
        var key = configuration["gateway:tls:key"] ?? "";
        return (certificate.Length, key.Length) switch
        {
            (0, 0) => null,
            (0, _) => throw new InvalidOperationException("gateway.tls.key is set but gateway.tls.certificate (AUTHACTORS_TLS_CERT) is not"),
            (_, 0) => throw new InvalidOperationException("gateway.tls.certificate is set but gateway.tls.key (AUTHACTORS_TLS_KEY) is not"),
            _ => new GatewayTls(PemCertificate.Load(
                certificate, key, "gateway.tls.certificate (AUTHACTORS_TLS_CERT)", "gateway.tls.key (AUTHACTORS_TLS_KEY)", time.GetUtcNow())),
        };
    }

    /// <summary>Puts TLS in front of whatever serves this listener.</summary>
    public ListenOptions Protect(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = _certificate.Certificate,
            ServerCertificateChain = _certificate.Intermediates,
            ClientCertificateMode = ClientCertificateMode.NoCertificate,
        });
        listen.Use(next => async connection =>
        {
            await next(connection);
            await CloseNotifyAsync(connection);
        });
        return listen;
    }

    // Kestrel disposes the TLS stream without a close_notify; clients such as openssl s_client then report an
    // unexpected EOF instead of an orderly close. The handler has flushed its last line by the time it returns.
    private static async Task CloseNotifyAsync(ConnectionContext connection)
    {
        if (connection.Features.Get<ISslStreamFeature>()?.SslStream is not { } tls)
        {
            return;
        }

        try
        {
            await tls.ShutdownAsync();
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException or NotSupportedException)
        {
            // The client is gone already; there is nobody left to tell.
        }
    }

    /// <summary>HSTS on every HTTPS response, on any host name: an operator who configured a certificate wants it used.</summary>
    public static void AddHsts(IServiceCollection services) =>
        services.AddHsts(hsts =>
        {
            hsts.MaxAge = HstsMaxAge;
            // The defaults leave out localhost and loopback addresses, which is where a local deployment is reached.
            hsts.ExcludedHosts.Clear();
        });
}

/// <summary>Applies a gateway's optional TLS to a listener.</summary>
public static class GatewayTlsListenExtensions
{
    /// <summary>TLS in front of this listener when <paramref name="tls"/> is configured; the listener unchanged otherwise.</summary>
    public static ListenOptions ServeTls(this ListenOptions listen, GatewayTls? tls) => tls is null ? listen : tls.Protect(listen);
}
