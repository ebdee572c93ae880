package io.portcullis.auth.client;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Writes changes to an existing client the way the security feed needs them: the row only if its version is the
 * one read (else {@link OptimisticLockingFailureException}), and its scopes as a difference — a scope that stays is
 * never deleted and re-inserted, so the feed announces exactly the scopes granted and taken away (saving the
 * aggregate through Spring Data JDBC would rewrite them all).
 */
@Repository
public class ClientStore {

    private final JdbcTemplate jdbc;

    private final ClientRepository clients;

    ClientStore(JdbcTemplate jdbc, ClientRepository clients) {
        this.jdbc = jdbc;
        this.clients = clients;
    }

    /** Stores {@code changed} over {@code current} (read in this transaction) and returns it as now stored. */
    public Client update(Client current, Client changed) {
        int rows = this.jdbc.update("""
                UPDATE clients SET name = ?, enabled = ?, authentication_method = ?, secret_hash = ?,
                       previous_secret_hash = ?, previous_secret_expires_at = ?, jwks = ?, jwks_uri = ?,
                       assertion_signing_algorithm = ?, access_token_ttl_seconds = ?, revoked_before = ?,
                       updated_at = ?, version = version + 1
                WHERE client_id = ? AND version = ?""", changed.name(), changed.enabled(),
                changed.authenticationMethod(), changed.secret().hash(), changed.secret().previousHash(),
                timestamp(changed.secret().previousExpiresAt()), changed.keys().jwks(), changed.keys().jwksUri(),
                changed.keys().assertionSigningAlgorithm(), changed.accessTokenTtlSeconds(),
                timestamp(changed.revokedBefore()), timestamp(changed.updatedAt()), current.clientId(),
                current.version());
        if (rows != 1) {
            throw new OptimisticLockingFailureException("Client " + current.clientId() + " changed concurrently");
        }
        updateScopes(current, changed);
        return this.clients.findById(current.clientId()).orElseThrow();
    }

    private void updateScopes(Client current, Client changed) {
        Map<String, Boolean> before = new HashMap<>();
        current.scopes().forEach((scope) -> before.put(scope.scopeName(), scope.isDefault()));
        Map<String, Boolean> after = new HashMap<>();
        changed.scopes().forEach((scope) -> after.put(scope.scopeName(), scope.isDefault()));
        before.keySet()
            .stream()
            .filter((scope) -> !after.containsKey(scope))
            .sorted()
            .forEach((scope) -> this.jdbc.update("DELETE FROM client_scopes WHERE client_id = ? AND scope_name = ?",
                    current.clientId(), scope));
        after.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((scope) -> {
            Boolean wasDefault = before.get(scope.getKey());
            if (wasDefault == null) {
                this.jdbc.update("INSERT INTO client_scopes (client_id, scope_name, is_default) VALUES (?, ?, ?)",
                        current.clientId(), scope.getKey(), scope.getValue());
            }
            else if (!wasDefault.equals(scope.getValue())) {
                this.jdbc.update("UPDATE client_scopes SET is_default = ? WHERE client_id = ? AND scope_name = ?",
                        scope.getValue(), current.clientId(), scope.getKey());
            }
        });
    }

    private static Timestamp timestamp(Instant instant) {
        return (instant != null) ? Timestamp.from(instant) : null;
    }

}
