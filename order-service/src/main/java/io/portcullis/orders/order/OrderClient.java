package io.portcullis.orders.order;

import io.portcullis.resourceserver.core.TokenClaims;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The client a request acts for: the validated token's {@code client_id}, and whether the token holds
 * {@value #ALL_ORDERS_SCOPE}. Scopes say which operations a client may call; this says on which orders: a client
 * reads and cancels the orders it placed, and only a token with {@value #ALL_ORDERS_SCOPE} those of every client.
 *
 * @param clientId the token's {@code client_id} ({@code null} only for a token the platform would not issue)
 * @param allOrders whether the token holds {@value #ALL_ORDERS_SCOPE}
 */
record OrderClient(@Nullable String clientId, boolean allOrders) {

    static final String ALL_ORDERS_SCOPE = "orders.admin";

    private static final String ALL_ORDERS_AUTHORITY = "SCOPE_" + ALL_ORDERS_SCOPE;

    static OrderClient of(JwtAuthenticationToken authentication) {
        boolean allOrders = false;
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            allOrders |= ALL_ORDERS_AUTHORITY.equals(authority.getAuthority());
        }
        return new OrderClient(TokenClaims.clientId(authentication.getToken()), allOrders);
    }

    /** Whether this client may read and cancel {@code order}. */
    boolean owns(Order order) {
        return this.allOrders || (this.clientId != null && this.clientId.equals(order.placedBy()));
    }

    /** The {@code placed_by} every listing of this client is restricted to; {@code null}: no restriction. */
    @Nullable String listedPlacer() {
        if (this.allOrders) {
            return null;
        }
        // a client without an id lists nothing: no order is placed by the empty string
        return (this.clientId != null) ? this.clientId : "";
    }

}
