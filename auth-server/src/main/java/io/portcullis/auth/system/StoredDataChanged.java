package io.portcullis.auth.system;

import java.util.EnumSet;
import java.util.Set;

/**
 * Application event: data that instances cache has changed in the database. Published on this instance by the
 * change itself (inside its transaction; listeners use {@code @TransactionalEventListener(fallbackExecution = true)}
 * so they act after the commit) and, for changes of every instance, by {@link DatabaseChangeListener}. A feature
 * learns of another's change through this event, never by calling into it.
 *
 * @param kinds what changed
 */
public record StoredDataChanged(Set<Kind> kinds) {

    public StoredDataChanged {
        kinds = Set.copyOf(kinds);
    }

    public static StoredDataChanged of(Kind first, Kind... others) {
        return new StoredDataChanged(EnumSet.of(first, others));
    }

    /** Whatever may have changed while the notifications were not heard. */
    public static StoredDataChanged everything() {
        return new StoredDataChanged(EnumSet.allOf(Kind.class));
    }

    public boolean touches(Kind kind) {
        return this.kinds.contains(kind);
    }

    /** Whether clients or the scopes they may hold changed: what the client and scope caches depend on. */
    public boolean touchesClientsOrScopes() {
        return touches(Kind.CLIENTS) || touches(Kind.SCOPES);
    }

    public enum Kind {

        /** clients and their granted scopes */
        CLIENTS,
        /** scopes and resources */
        SCOPES,
        /** signing keys */
        SIGNING_KEYS,
        /** a new security event for the feed */
        SECURITY_EVENTS

    }

}
