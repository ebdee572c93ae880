package io.portcullis.auth.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.portcullis.auth.admin.ResultPage;

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
        ResultPage.checkBounds(page, size);
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> arguments = new ArrayList<>();
        if (name != null && !name.isBlank()) {
            where.append(" AND lower(c.name) LIKE ? ESCAPE '\\'");
            arguments.add("%" + name.toLowerCase(Locale.ROOT).replaceAll("([\\\\%_])", "\\\\$1") + "%");
        }
        if (scope != null) {
            where.append(" AND EXISTS (SELECT 1 FROM client_scopes s WHERE s.client_id = c.client_id"
                    + " AND s.scope_name = ?)");
            arguments.add(scope);
        }
        if (enabled != null) {
            where.append(" AND c.enabled = ?");
            arguments.add(enabled);
        }
        Long total = this.jdbc.queryForObject("SELECT count(*) FROM clients c" + where, Long.class,
                arguments.toArray());
        List<Object> paged = new ArrayList<>(arguments);
        paged.add(size);
        paged.add((long) page * size);
        List<String> ids = this.jdbc.queryForList(
                "SELECT c.client_id FROM clients c" + where + " ORDER BY c.client_id LIMIT ? OFFSET ?", String.class,
                paged.toArray());
        List<ClientView> items = this.clients.findAllById(ids)
            .stream()
            .sorted(Comparator.comparing(Client::clientId))
            .map(ClientView::of)
            .toList();
        return new ResultPage<>(items, page, size, (total != null) ? total : 0);
    }

}
