package io.portcullis.gateway.downstream;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceHealthTests {

    private final AtomicLong now = new AtomicLong();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final InstanceHealth health = new InstanceHealth(
            new DownstreamProperties.Ejection(Duration.ofSeconds(3), 3), this.registry, this.now::get);

    private final ServiceInstance first = StaticInstancesDiscoveryClient.instance("user-service",
            URI.create("https://localhost:7443?management-port=7444"));

    private final ServiceInstance second = StaticInstancesDiscoveryClient.instance("user-service",
            URI.create("https://localhost:7453"));

    @Test
    void failedWhenConnectionRefusedThenOnlyThatInstanceEjectedForTheDuration() {
        this.health.failed(this.first, UpstreamFailure.NOT_SENT);
        assertThat(this.health.available(this.first)).isFalse();
        assertThat(this.health.available(this.second)).isTrue();
        assertThat(this.registry.get("portcullis.gateway.instance.ejected").tag("instance", "localhost:7443").gauge()
            .value()).isEqualTo(1);
        assertThat(this.registry.get("portcullis.gateway.instance.ejections").tag("instance", "localhost:7443")
            .tag("reason", "not_sent").counter().count()).isEqualTo(1);
        this.now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(this.health.available(this.first)).isTrue();
    }

    @Test
    void failedWhenInFlightFailuresThenEjectedOnlyAfterConsecutiveOnes() {
        this.health.failed(this.first, UpstreamFailure.TIMEOUT);
        this.health.failed(this.first, UpstreamFailure.TIMEOUT);
        this.health.succeeded(this.first);
        this.health.failed(this.first, UpstreamFailure.IN_FLIGHT);
        this.health.failed(this.first, UpstreamFailure.IN_FLIGHT);
        assertThat(this.health.available(this.first)).isTrue();
        this.health.failed(this.first, UpstreamFailure.IN_FLIGHT);
        assertThat(this.health.available(this.first)).isFalse();
    }

    @Test
    void probedWhenThreeUnansweredInARowThenNotReadyAndOneSuccessMakesItReady() {
        assertThat(this.health.probed(this.first, ProbeVerdict.UNANSWERED)).isTrue();
        assertThat(this.health.probed(this.first, ProbeVerdict.UNANSWERED)).isTrue();
        assertThat(this.health.probed(this.first, ProbeVerdict.UNANSWERED)).isFalse();
        assertThat(this.registry.get("portcullis.gateway.instance.ready").tag("instance", "localhost:7443").gauge()
            .value()).isZero();
        assertThat(this.health.probed(this.first, ProbeVerdict.READY)).isTrue();
    }

    @Test
    void probedWhenTheInstanceRefusesThenNotReadyAtOnce() {
        assertThat(this.health.probed(this.first, ProbeVerdict.REFUSED)).isFalse();
        assertThat(this.health.probed(this.second, ProbeVerdict.UNANSWERED)).isTrue();
        assertThat(this.health.probed(this.first, ProbeVerdict.READY)).isTrue();
    }

    @Test
    void instanceWhenManagementPortGivenThenInMetadata() {
        assertThat(this.first.getInstanceId()).isEqualTo("localhost:7443");
        assertThat(this.first.getMetadata()).containsEntry("management-port", "7444");
        assertThat(this.second.getMetadata()).isEmpty();
    }

}
