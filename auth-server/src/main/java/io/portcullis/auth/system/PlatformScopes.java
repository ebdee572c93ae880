package io.portcullis.auth.system;

/**
 * The scopes the platform itself relies on: built in, never moved to another resource or deleted, and
 * {@link #ADMIN} is always held by at least one enabled client.
 */
public final class PlatformScopes {

    /** Manage clients, scopes, resources and keys through the admin API. */
    public static final String ADMIN = "platform.admin";

    /** Follow the security feed (the gateway and the services). */
    public static final String FEED = "security.feed";

    private PlatformScopes() {
    }

}
