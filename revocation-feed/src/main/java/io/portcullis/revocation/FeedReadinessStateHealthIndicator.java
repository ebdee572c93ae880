package io.portcullis.revocation;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;

/**
 * The readiness probe of a service that follows the security feed: refusing traffic until the first snapshot has
 * reached the {@link DenyList}. Before it, revoked tokens, disabled clients and removed scopes would pass (the
 * deny-list fails closed by keeping the instance out of the load balancer, not by refusing every token). Once the
 * deny-list is loaded, an unreachable feed leaves readiness alone: the deny-list keeps what it knew and the lag
 * gauge ({@code portcullis.feed.lag}) alerts.
 */
final class FeedReadinessStateHealthIndicator extends ReadinessStateHealthIndicator {

    private final DenyList denyList;

    FeedReadinessStateHealthIndicator(ApplicationAvailability availability, DenyList denyList) {
        super(availability);
        this.denyList = denyList;
    }

    @Override
    protected AvailabilityState getState(ApplicationAvailability availability) {
        return this.denyList.isReady() ? super.getState(availability) : ReadinessState.REFUSING_TRAFFIC;
    }

}
