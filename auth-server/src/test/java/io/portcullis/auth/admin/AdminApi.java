package io.portcullis.auth.admin;

import java.net.http.HttpRequest;

import io.portcullis.auth.OAuthClient;
import io.portcullis.auth.OAuthClient.Response;

/** Real HTTPS calls to the admin API with a bearer token (the test administrator's unless another is given). */
public final class AdminApi {

    public static final String ADMIN = "test-admin";

    public static final String ADMIN_SECRET = "test-admin-secret-that-is-long-enough-000";

    private final OAuthClient oauth;

    private final String token;

    private AdminApi(OAuthClient oauth, String token) {
        this.oauth = oauth;
        this.token = token;
    }

    /** As the bootstrapped test administrator. */
    public static AdminApi asAdmin(OAuthClient oauth) {
        return new AdminApi(oauth, oauth.accessToken(ADMIN, ADMIN_SECRET));
    }

    /** With {@code token}, or without any if it is {@code null}. */
    public static AdminApi withToken(OAuthClient oauth, String token) {
        return new AdminApi(oauth, token);
    }

    public String token() {
        return this.token;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response patch(String path, String json, String ifMatch) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/merge-patch+json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json));
        return send(ifMatch(request, ifMatch));
    }

    public Response put(String path, String json, String ifMatch) {
        HttpRequest.Builder request = request(path);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.PUT((json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
        return send(ifMatch(request, ifMatch));
    }

    public Response delete(String path, String ifMatch) {
        return send(ifMatch(request(path).DELETE(), ifMatch));
    }

    public Response send(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.oauth.uri(path)).header("Accept", "application/json");
        if (this.token != null) {
            request.header("Authorization", "Bearer " + this.token);
        }
        return request;
    }

    private static HttpRequest.Builder ifMatch(HttpRequest.Builder request, String ifMatch) {
        return (ifMatch != null) ? request.header("If-Match", ifMatch) : request;
    }

    private Response send(HttpRequest.Builder request) {
        return this.oauth.send(request);
    }

}
