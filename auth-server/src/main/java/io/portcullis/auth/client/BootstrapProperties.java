package io.portcullis.auth.client;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Resources, scopes and clients that must exist when the server starts (the admin client; in the local profile
 * also the demo client). Existing entries are left as the admin API shaped them; a configured client's secret and
 * scopes are applied again only when they differ from what the last start applied ({@link ClientBootstrap}), so an
 * operator recovers the admin client (or the feed client) from the environment by configuring a new secret and
 * restarting, and a restart alone undoes nothing an admin did.
 */
@Validated
@ConfigurationProperties("portcullis.bootstrap")
public record BootstrapProperties(@DefaultValue List<@Valid Resource> resources,
        @DefaultValue List<@Valid BootstrapClient> clients) {

    public record Resource(@NotBlank String uri, @NotBlank String name, @DefaultValue("") String description,
            @DefaultValue List<@Valid ScopeEntry> scopes) {
    }

    public record ScopeEntry(@NotBlank String name, @DefaultValue("") String description) {
    }

    /**
     * @param secret the client secret, from the environment; a client without one is not created
     */
    public record BootstrapClient(@NotBlank String clientId, @NotBlank String name, String secret,
            @DefaultValue List<String> scopes, @DefaultValue List<String> defaultScopes, Duration accessTokenTimeToLive) {
    }

}
