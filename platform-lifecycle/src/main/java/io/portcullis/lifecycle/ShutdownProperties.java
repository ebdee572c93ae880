package io.portcullis.lifecycle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code portcullis.shutdown.*}: how a Portcullis process stops.
 *
 * @param drain how long the process keeps serving after it began to refuse traffic on its readiness probe, before
 * the web server's graceful shutdown (twice the gateway's readiness probe interval by default; {@code 0s} turns
 * the drain off)
 */
@ConfigurationProperties("portcullis.shutdown")
public record ShutdownProperties(@DefaultValue("2s") Duration drain) {

    public ShutdownProperties {
        if (drain.isNegative()) {
            throw new IllegalArgumentException("portcullis.shutdown.drain must not be negative: " + drain);
        }
    }

}
