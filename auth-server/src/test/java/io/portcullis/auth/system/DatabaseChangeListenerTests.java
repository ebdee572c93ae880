package io.portcullis.auth.system;

import io.portcullis.auth.system.StoredDataChanged.Kind;
import org.junit.jupiter.api.Test;
import org.postgresql.PGNotification;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseChangeListenerTests {

    @Test
    void kindsWhenTablesNotifiedThenEachMappedToWhatItChanged() {
        assertThat(DatabaseChangeListener.kinds(new PGNotification[] { change("clients"), change("client_scopes") }))
            .containsExactly(Kind.CLIENTS);
        assertThat(DatabaseChangeListener.kinds(new PGNotification[] { change("scopes"), change("resources") }))
            .containsExactly(Kind.SCOPES);
        assertThat(DatabaseChangeListener.kinds(new PGNotification[] { change("signing_keys") }))
            .containsExactly(Kind.SIGNING_KEYS);
    }

    @Test
    void kindsWhenSecurityEventAndKeyChangeInOneBatchThenBoth() {
        assertThat(DatabaseChangeListener.kinds(new PGNotification[] {
                notification(DatabaseChangeListener.FEED_CHANNEL, ""), change("signing_keys") }))
            .containsExactlyInAnyOrder(Kind.SECURITY_EVENTS, Kind.SIGNING_KEYS);
    }

    @Test
    void everythingWhenReconnectedThenTouchesEveryKind() {
        StoredDataChanged everything = StoredDataChanged.everything();

        assertThat(Kind.values()).allMatch(everything::touches);
        assertThat(StoredDataChanged.of(Kind.SIGNING_KEYS).touchesClientsOrScopes()).isFalse();
    }

    private static PGNotification change(String table) {
        return notification(DatabaseChangeListener.CHANNEL, table);
    }

    private static PGNotification notification(String channel, String parameter) {
        return new PGNotification() {

            @Override
            public String getName() {
                return channel;
            }

            @Override
            public int getPID() {
                return 1;
            }

            @Override
            public String getParameter() {
                return parameter;
            }

        };
    }

}
