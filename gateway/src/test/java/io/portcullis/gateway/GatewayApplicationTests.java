package io.portcullis.gateway;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.ReactorNetty;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GatewayApplicationTests {

    private String before;

    @BeforeEach
    void remember() {
        this.before = System.getProperty(ReactorNetty.IO_WORKER_COUNT);
    }

    @AfterEach
    void restore() {
        if (this.before == null) {
            System.clearProperty(ReactorNetty.IO_WORKER_COUNT);
        }
        else {
            System.setProperty(ReactorNetty.IO_WORKER_COUNT, this.before);
        }
    }

    @Test
    void eventLoopsWhenNotConfiguredThenOnePerCpu() {
        System.clearProperty(ReactorNetty.IO_WORKER_COUNT);

        GatewayApplication.eventLoopPerCpu();

        assertThat(System.getProperty(ReactorNetty.IO_WORKER_COUNT))
            .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void eventLoopsWhenConfiguredThenTheOperatorsCount() {
        System.setProperty(ReactorNetty.IO_WORKER_COUNT, "7");

        GatewayApplication.eventLoopPerCpu();

        assertThat(System.getProperty(ReactorNetty.IO_WORKER_COUNT)).isEqualTo("7");
    }

    /**
     * Reactor Netty prefers Netty's io_uring transport to epoll whenever it is on the class path. Netty 4.2.15's
     * io_uring left responses on reused TLS connections unanswered under load (504s in every run, none with epoll:
     * benchmarks/README.md, "io_uring"), so it must not arrive with a dependency unnoticed.
     */
    @Test
    void transportWhenOnLinuxThenEpollAndNotIoUring() {
        assertThat(ClassUtils.isPresent("io.netty.channel.uring.IoUring", null))
            .as("io_uring on the gateway's class path (see benchmarks/README.md, \"io_uring\")")
            .isFalse();
        assumeTrue(System.getProperty("os.name").startsWith("Linux"));
        assertThat(Epoll.isAvailable()).as("Netty's native epoll transport").isTrue();
    }

}
