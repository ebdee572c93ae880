package io.portcullis.auth.client;

import org.springframework.data.relational.core.mapping.Table;

/** A scope a client may hold; default scopes are granted when a token request names none. */
@Table("client_scopes")
public record ClientScope(String scopeName, boolean isDefault) {

}
