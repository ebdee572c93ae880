package io.portcullis.gateway.downstream;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamFailureTests {

    @Test
    void ofWhenConnectionRefusedThenNotSent() {
        assertThat(UpstreamFailure.of(new ConnectException("Connection refused"))).isEqualTo(UpstreamFailure.NOT_SENT);
        assertThat(UpstreamFailure.of(new IllegalStateException(new ConnectException("refused"))))
            .isEqualTo(UpstreamFailure.NOT_SENT);
    }

    @Test
    void ofWhenResponseTimeoutThenTimeout() {
        ResponseStatusException gatewayTimeout = new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT,
                "Response took longer than timeout",
                new org.springframework.cloud.gateway.support.TimeoutException("took longer"));
        assertThat(UpstreamFailure.of(gatewayTimeout)).isEqualTo(UpstreamFailure.TIMEOUT);
        assertThat(UpstreamFailure.of(new TimeoutException())).isEqualTo(UpstreamFailure.TIMEOUT);
    }

    @Test
    void ofWhenConnectionResetThenInFlight() {
        assertThat(UpstreamFailure.of(new IOException("Connection reset by peer")))
            .isEqualTo(UpstreamFailure.IN_FLIGHT);
    }

    @Test
    void ofWhenNoInstanceOrNotAnUpstreamErrorThenNull() {
        assertThat(UpstreamFailure.of(NotFoundException.create(false, "Unable to find instance"))).isNull();
        assertThat(UpstreamFailure.of(new IllegalArgumentException("bad"))).isNull();
    }

}
