package io.portcullis.gateway;

import reactor.netty.ReactorNetty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        eventLoopPerCpu();
        SpringApplication.run(GatewayApplication.class, args);
    }

    /**
     * One Reactor Netty event loop per CPU for the public port and the calls to the services (they share the
     * loops), instead of Reactor Netty's default of at least four: nothing blocks on them (a key-set fetch runs on
     * another scheduler, Redis on Lettuce's own threads), and on two cores four loops cost 5–41% more CPU per
     * request in interleaved restarts (benchmarks/README.md, "Event loops"). {@code -Dreactor.netty.ioWorkerCount}
     * still decides when given. Must run before Reactor Netty's loop resources are first used.
     */
    static void eventLoopPerCpu() {
        if (System.getProperty(ReactorNetty.IO_WORKER_COUNT) == null) {
            System.setProperty(ReactorNetty.IO_WORKER_COUNT,
                    Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }

}
