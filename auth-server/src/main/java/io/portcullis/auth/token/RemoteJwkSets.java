package io.portcullis.auth.token;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.nimbusds.jose.jwk.JWKSet;
import io.portcullis.auth.client.JwksUriAddresses;
import io.portcullis.auth.client.JwksUriProperties;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

import org.springframework.beans.factory.DisposableBean;

/**
 * Fetches a client's JWK Set from its registered URI, and nothing else: the connection goes only to addresses
 * {@link JwksUriAddresses} allows, checked on the addresses actually connected to (a custom DNS resolver, so a name
 * that resolved to a public address at registration and to an internal one now is refused); no redirect is
 * followed, no proxy is used, at most {@code maxBytes} are read and the whole fetch ends at the deadline.
 */
final class RemoteJwkSets implements DisposableBean {

    private final JwksUriProperties settings;

    private final JwksUriAddresses addresses;

    private final CloseableHttpClient http;

    private final ExecutorService fetches = Executors.newVirtualThreadPerTaskExecutor();

    RemoteJwkSets(JwksUriProperties settings) {
        this.settings = settings;
        this.addresses = new JwksUriAddresses(settings.allowPrivateAddresses());
        Timeout timeout = Timeout.of(settings.timeout());
        DnsResolver resolver = new DnsResolver() {

            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return RemoteJwkSets.this.addresses.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }

        };
        this.http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setDefaultConnectionConfig(
                        ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                .setMaxConnTotal(settings.maxConcurrentFetches())
                .setMaxConnPerRoute(1)
                .build())
            .setDefaultRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(timeout)
                .setResponseTimeout(timeout)
                .setRedirectsEnabled(false)
                .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .build();
    }

    /** The JWK Set at {@code uri}, or an exception saying why not; never takes longer than the deadline. */
    JWKSet fetch(String uri) throws IOException {
        URI target = URI.create(uri);
        if (!"https".equals(target.getScheme()) && !"http".equals(target.getScheme()) || target.getHost() == null) {
            throw new IOException("Not an http(s) URI");
        }
        HttpGet request = new HttpGet(target);
        request.setHeader("Accept", "application/jwk-set+json, application/json");
        Future<JWKSet> result = this.fetches.submit(() -> this.http.execute(request, (response) -> {
            if (response.getCode() != 200) {
                throw new IOException("Answered " + response.getCode());
            }
            return parse(response.getEntity());
        }));
        try {
            return result.get(this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            request.cancel();
            result.cancel(true);
            throw new IOException("No complete answer within " + this.settings.timeout().toMillis() + " ms");
        }
        catch (ExecutionException ex) {
            throw (ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            request.cancel();
            throw new IOException("Interrupted");
        }
    }

    private JWKSet parse(HttpEntity entity) throws IOException {
        if (entity == null) {
            throw new IOException("Empty answer");
        }
        byte[] body;
        try (InputStream in = entity.getContent()) {
            body = in.readNBytes(this.settings.maxBytes() + 1);
        }
        if (body.length > this.settings.maxBytes()) {
            throw new IOException("The JWK Set is larger than " + this.settings.maxBytes() + " bytes");
        }
        try {
            return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
        }
        catch (ParseException ex) {
            throw new IOException("Not a JWK Set");
        }
    }

    @Override
    public void destroy() throws IOException {
        this.fetches.shutdownNow();
        this.http.close();
    }

}
