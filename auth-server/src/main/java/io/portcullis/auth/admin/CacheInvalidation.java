package io.portcullis.auth.admin;

import io.portcullis.auth.client.CachingRegisteredClientRepository;
import io.portcullis.auth.scope.ScopeCatalog;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Drops this instance's cached clients and scopes as soon as an admin change commits, so that the very next token
 * request here sees it. Other instances hear of it through PostgreSQL NOTIFY ({@code ClientChangeListener}).
 */
@Component
public final class CacheInvalidation {

    private final CachingRegisteredClientRepository clients;

    private final ScopeCatalog scopes;

    CacheInvalidation(CachingRegisteredClientRepository clients, ScopeCatalog scopes) {
        this.clients = clients;
        this.scopes = scopes;
    }

    /** Must be called inside the transaction that makes the change. */
    public void afterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                CacheInvalidation.this.clients.invalidateAll();
                CacheInvalidation.this.scopes.invalidate();
            }
        });
    }

}
