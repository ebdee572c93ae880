package io.portcullis.users.security;

/**
 * The scopes of the users resource, declared on the handlers with
 * {@link io.portcullis.resourceserver.RequiredScope}; everything else of the service's security (mutual TLS
 * callers, token rules, deny-list, refusals) comes from the resource server starter and {@code portcullis.*}
 * properties.
 */
public final class UserScopes {

    /** Reading users: {@code GET /users}, {@code GET /users/{id}}. */
    public static final String READ = "users.read";

    /** Creating, replacing, patching and deleting users. */
    public static final String WRITE = "users.write";

    private UserScopes() {
    }

}
