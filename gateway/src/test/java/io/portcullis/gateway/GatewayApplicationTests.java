package io.portcullis.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.ReactorNetty;

import static org.assertj.core.api.Assertions.assertThat;

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

}
