package io.portcullis.auth.system;

/**
 * The order of the server's security filter chains, most specific first: a request is handled by the first chain
 * whose matcher it meets. Each chain lives in the feature it protects; its place in the order lives here.
 */
public final class FilterChainOrder {

    /** Spring Authorization Server's endpoints: token, introspection, revocation, JWKS, metadata. */
    public static final int AUTHORIZATION_SERVER = 1;

    /** {@code /feed/**}, read with this server's own tokens carrying {@code security.feed}. */
    public static final int SECURITY_FEED = 2;

    /** {@code /admin/**}, read and changed with this server's own tokens carrying {@code platform.admin}. */
    public static final int ADMIN_API = 3;

    /** The actuator endpoints on the management port. */
    public static final int MANAGEMENT = 90;

    /** Everything else: refused. */
    public static final int DEFAULT = 100;

    private FilterChainOrder() {
    }

}
