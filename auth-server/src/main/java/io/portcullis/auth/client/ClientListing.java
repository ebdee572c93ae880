package io.portcullis.auth.client;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.portcullis.auth.system.PageQuery;
import io.portcullis.auth.system.ResultPage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Pages of clients for the admin API, filtered in SQL. */
@Service
@Transactional(readOnly = true)
class ClientListing {

    private final JdbcTemplate jdbc;

    private final ClientRepository clients;

    ClientListing(JdbcTemplate jdbc, ClientRepository clients) {
        this.jdbc = jdbc;
        this.clients = clients;
    }

    /** Clients ordered by client_id; {@code name} matches anywhere, ignoring case. */
    public ResultPage<ClientView> list(String name, String scope, Boolean enabled, int page, int size) {
        String pattern = (name != null) ? "%" + name.toLowerCase(Locale.ROOT).replaceAll("([\\\\%_])", "\\\\$1") + "%"
                : null;
        ResultPage<String> ids = new PageQuery("clients c")
            .where(name != null && !name.isBlank(), "lower(c.name) LIKE ? ESCAPE '\\'", pattern)
            .where(scope != null, "EXISTS (SELECT 1 FROM client_scopes s WHERE s.client_id = c.client_id"
                    + " AND s.scope_name = ?)", scope)
            .where(enabled != null, "c.enabled = ?", enabled)
            .fetch(this.jdbc, "c.client_id", "c.client_id", page, size, (row, index) -> row.getString(1));
        List<ClientView> items = this.clients.findAllById(ids.items())
            .stream()
            .sorted(Comparator.comparing(Client::clientId))
            .map(ClientView::of)
            .toList();
        return new ResultPage<>(items, ids.page(), ids.size(), ids.totalItems());
    }

}
