package io.portcullis.auth.token;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/** Deletes the jti rows of assertions past their exp (and the clock skew): those are refused as expired. */
final class ClientAssertionJtiPurge {

    private static final Logger logger = LoggerFactory.getLogger(ClientAssertionJtiPurge.class);

    private final ClientAssertionJtiStore store;

    private final Clock clock;

    ClientAssertionJtiPurge(ClientAssertionJtiStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${portcullis.token.assertion-purge-interval-millis:600000}", initialDelay = 60_000)
    void purge() {
        int purged = this.store.purgeExpiredBefore(this.clock.instant());
        if (purged > 0) {
            logger.info("Purged {} identifiers of expired client assertions", purged);
        }
    }

}
