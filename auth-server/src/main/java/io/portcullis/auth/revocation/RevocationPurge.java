package io.portcullis.auth.revocation;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes revocation rows of tokens that have expired: an expired token is refused without them. */
@Component
class RevocationPurge {

    /** Verifiers accept a token up to this long after {@code exp}; keep its revocation as long. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final Logger logger = LoggerFactory.getLogger(RevocationPurge.class);

    private final RevocationStore store;

    private final Clock clock;

    RevocationPurge(RevocationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${portcullis.revocation.purge-interval-millis:600000}", initialDelay = 60_000)
    void purge() {
        int purged = this.store.purgeExpiredBefore(this.clock.instant().minus(CLOCK_SKEW));
        if (purged > 0) {
            logger.info("Purged {} revocations of expired tokens", purged);
        }
    }

}
