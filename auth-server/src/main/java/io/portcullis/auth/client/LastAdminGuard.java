package io.portcullis.auth.client;

import io.portcullis.auth.system.ApiProblem;
import io.portcullis.auth.system.PlatformScopes;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the platform administrable: the last enabled client holding {@code platform.admin} cannot lose it — not by
 * taking the scope away, disabling or deleting the client. Changes that could end an admin serialise on an advisory
 * lock held until their transaction ends, so two admins demoting each other at the same moment cannot both win.
 */
@Component
final class LastAdminGuard {

    private static final long LOCK = 7460239014L;

    private final JdbcTemplate jdbc;

    LastAdminGuard(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Refuses (409) to turn {@code current} into {@code changed} ({@code null}: deleted) when that leaves no enabled
     * client holding {@code platform.admin}. Must run inside the transaction that makes the change.
     */
    void check(Client current, Client changed) {
        if (!isEnabledAdmin(current) || (changed != null && isEnabledAdmin(changed))) {
            return;
        }
        this.jdbc.queryForObject("SELECT true FROM pg_advisory_xact_lock(?)", Boolean.class, LOCK);
        Long others = this.jdbc.queryForObject("""
                SELECT count(*) FROM clients c JOIN client_scopes s ON s.client_id = c.client_id
                WHERE s.scope_name = ? AND c.enabled AND c.client_id <> ?""", Long.class, PlatformScopes.ADMIN,
                current.clientId());
        if (others == null || others == 0) {
            throw ApiProblem.conflict("Client " + current.clientId() + " is the last enabled client holding "
                    + PlatformScopes.ADMIN + "; grant " + PlatformScopes.ADMIN + " to another client first");
        }
    }

    private static boolean isEnabledAdmin(Client client) {
        return client.enabled() && client.allowedScopes().contains(PlatformScopes.ADMIN);
    }

}
