package io.portcullis.resourceserver;

import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.ReadinessState;

/**
 * The application's availability, refusing traffic until the auth-server's signing keys were obtained: before,
 * every token would be answered 503, so the instance must stay out of the load balancer. Every readiness indicator
 * (Boot's, the security feed's) reads its state from here.
 */
final class KeysReadiness extends ApplicationAvailabilityBean {

    private final AccessTokenKeys keys;

    KeysReadiness(AccessTokenKeys keys) {
        this.keys = keys;
    }

    @Override
    public <S extends AvailabilityState> S getState(Class<S> stateType, S defaultState) {
        return refusing(stateType, super.getState(stateType, defaultState));
    }

    @Override
    public <S extends AvailabilityState> S getState(Class<S> stateType) {
        return refusing(stateType, super.getState(stateType));
    }

    private <S extends AvailabilityState> S refusing(Class<S> stateType, S state) {
        if (stateType == ReadinessState.class && !this.keys.obtained()) {
            return stateType.cast(ReadinessState.REFUSING_TRAFFIC);
        }
        return state;
    }

}
