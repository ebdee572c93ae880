package io.portcullis.gateway.system;

import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NettyMemoryAccessTests {

    /** The tests run with the deployment's option (the build's argLine), so Netty takes the paths it takes there. */
    @Test
    void nettyWhenStartedWithTheDeployedOptionThenReachesMemoryThroughUnsafe() {
        assertThat(PlatformDependent.hasUnsafe())
            .as("Netty's Unsafe access, cause: %s", PlatformDependent.getUnsafeUnavailabilityCause())
            .isTrue();
    }

    @Test
    void describeWhenUnsafeIsOffThenNamesTheCauseAndTheOption() {
        String message = NettyMemoryAccess.describe(false,
                new UnsupportedOperationException("io.netty.noUnsafe=true by default on Java 25+"));

        assertThat(message).contains("io.netty.noUnsafe=true by default on Java 25+")
            .contains("--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void describeWhenUnsafeIsOnThenSaysSo() {
        assertThat(NettyMemoryAccess.describe(true, null)).contains("through sun.misc.Unsafe");
    }

}
