package io.portcullis.auth.system;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * A filtered, paged listing in SQL: conditions are added as the request names them, then one count and one page
 * are read with the same conditions and bind values.
 */
public final class PageQuery {

    private final String from;

    private final StringBuilder where = new StringBuilder(" WHERE true");

    private final List<Object> arguments = new ArrayList<>();

    /** @param from the {@code FROM} clause's content, e.g. {@code clients c} */
    public PageQuery(String from) {
        this.from = from;
    }

    /** Adds {@code condition} (with {@code ?} for each of {@code values}) when {@code applies}. */
    public PageQuery where(boolean applies, String condition, Object... values) {
        if (applies) {
            this.where.append(" AND (").append(condition).append(')');
            this.arguments.addAll(List.of(values));
        }
        return this;
    }

    /** Reads page {@code page} of {@code size} rows in {@code orderBy} order; 400 if the bounds are out of range. */
    public <T> ResultPage<T> fetch(JdbcTemplate jdbc, String select, String orderBy, int page, int size,
            RowMapper<T> rows) {
        ResultPage.checkBounds(page, size);
        Long total = jdbc.queryForObject("SELECT count(*) FROM " + this.from + this.where, Long.class,
                this.arguments.toArray());
        List<Object> paged = new ArrayList<>(this.arguments);
        paged.add(size);
        paged.add((long) page * size);
        List<T> items = jdbc.query("SELECT " + select + " FROM " + this.from + this.where + " ORDER BY " + orderBy
                + " LIMIT ? OFFSET ?", rows, paged.toArray());
        return new ResultPage<>(items, page, size, (total != null) ? total : 0);
    }

}
