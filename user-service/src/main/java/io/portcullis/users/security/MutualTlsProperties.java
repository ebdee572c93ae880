package io.portcullis.users.security;

import java.util.Set;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param allowedClients common names of the client certificates (of the platform CA) that may call this service
 */
@Validated
@ConfigurationProperties("portcullis.mtls")
public record MutualTlsProperties(@DefaultValue("gateway") @NotEmpty Set<String> allowedClients) {

}
