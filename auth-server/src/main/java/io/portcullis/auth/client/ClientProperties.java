package io.portcullis.auth.client;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Client credentials settings.
 *
 * @param secretHashKey base64 key (at least 32 bytes) of the keyed hash that client secrets are stored under
 * @param secretGracePeriod how long a rotated-out secret keeps working
 * @param cacheMaxSize how many clients the token endpoint keeps in memory
 * @param throttle answering repeated failed authentication from one source address with 429
 */
@Validated
@ConfigurationProperties("portcullis.clients")
public record ClientProperties(@NotBlank String secretHashKey, @DefaultValue("1h") @NotNull Duration secretGracePeriod,
        @DefaultValue("10000") @Min(10) int cacheMaxSize, @DefaultValue @Valid Throttle throttle) {

    /**
     * @param maxFailures failed authentications for one client_id from one source address within {@code window}
     *     before further failures of that pair are answered 429
     * @param maxFailuresPerAddress failed authentications from one source address (any client_id) within
     *     {@code window} before further failures from it are answered 429
     * @param window the window failures are counted in
     * @param lockout how long failures are answered 429 once a limit is reached
     */
    public record Throttle(@DefaultValue("10") @Min(1) int maxFailures,
            @DefaultValue("100") @Min(1) int maxFailuresPerAddress, @DefaultValue("1m") @NotNull Duration window,
            @DefaultValue("1m") @NotNull Duration lockout) {
    }

}
