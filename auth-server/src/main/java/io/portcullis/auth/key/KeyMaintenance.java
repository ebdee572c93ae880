package io.portcullis.auth.key;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.TaskScheduler;

/**
 * Makes sure a signing key exists before the server accepts requests, then on every tick rotates when due and
 * reloads the keys (so a key created by another instance is published here within one tick).
 */
final class KeyMaintenance implements SmartInitializingSingleton {

    private static final Logger logger = LoggerFactory.getLogger(KeyMaintenance.class);

    private final KeyRotation rotation;

    private final SigningKeyRing ring;

    private final TaskScheduler scheduler;

    private final Duration interval;

    KeyMaintenance(KeyRotation rotation, SigningKeyRing ring, TaskScheduler scheduler, Duration interval) {
        this.rotation = rotation;
        this.ring = ring;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    @Override
    public void afterSingletonsInstantiated() {
        this.rotation.rotateIfDue();
        this.ring.reload();
        this.ring.signingKey();
        this.scheduler.scheduleWithFixedDelay(this::tick, this.interval);
    }

    private void tick() {
        try {
            this.rotation.rotateIfDue();
            this.ring.reload();
        }
        catch (RuntimeException ex) {
            // keep serving with the keys in memory; the next tick tries again
            logger.warn("Signing key maintenance failed: {}", ex.getMessage());
        }
    }

}
