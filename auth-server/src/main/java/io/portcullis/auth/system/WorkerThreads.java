package io.portcullis.auth.system;

import org.apache.coyote.AbstractProtocol;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Tomcat's request threads on the public port bounded by the CPUs: {@code portcullis.server.worker-threads}
 * ({@code PORTCULLIS_AUTH_THREADS}), by default 4 per CPU the JVM sees (8 on 2 cores), instead of Tomcat's 200.
 * <p>
 * A token request is CPU work from start to end (no database call on the hot path, decision 5): with more threads
 * than that, every request in progress shares the cores with all the others, and the OS's time slices, not the
 * order of arrival, decide which finishes, which stretches the slowest ones. Bounded, the requests beyond the
 * bound wait in Tomcat's queue in arrival order and each runs with fewer competitors: on 2 cores with 16
 * connections the token endpoint's p99 went from 29-38 ms (200 threads) to 25-26 ms (8) at the same throughput
 * (benchmarks/README.md, "Issue 16 targets"). The headroom of 4 per CPU is for the requests that do wait on
 * PostgreSQL (admin calls, a client not cached yet). While PostgreSQL is unreachable a client lookup fails at once
 * ({@link DatabaseOutage}), so made-up client ids cannot hold the threads; an admin call still waits up to the
 * pool's 1 s connection timeout. Runs after Spring Boot's own customizer, so it also wins over
 * {@code server.tomcat.threads.max}. The management port has its own server and threads.
 */
final class WorkerThreads implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    static final String PROPERTY = "portcullis.server.worker-threads";

    static final int PER_CPU = 4;

    private final int threads;

    private WorkerThreads(int threads) {
        this.threads = threads;
    }

    /** {@code configured}: the property's value, empty or absent for 4 per CPU. */
    static WorkerThreads of(String configured, int cpus) {
        if (configured == null || configured.isBlank()) {
            return new WorkerThreads(PER_CPU * cpus);
        }
        int threads;
        try {
            threads = Integer.parseInt(configured.strip());
        }
        catch (NumberFormatException ex) {
            threads = 0;
        }
        if (threads < 1 || threads > 10_000) {
            throw new IllegalArgumentException(
                    PROPERTY + " (PORTCULLIS_AUTH_THREADS) must be a number from 1 to 10000, not '" + configured + "'");
        }
        return new WorkerThreads(threads);
    }

    int threads() {
        return this.threads;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers((connector) -> {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                protocol.setMaxThreads(this.threads);
                protocol.setMinSpareThreads(Math.min(protocol.getMinSpareThreads(), this.threads));
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

}
