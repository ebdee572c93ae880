package io.portcullis.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
public final class Table {

    private final List<String> headers;

    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = headers;
    }

    public static Table of(String... headers) {
        return new Table(List.of(headers));
    }

    public Table row(Object... cells) {
        if (cells.length != this.headers.size()) {
            throw new IllegalArgumentException("expected " + this.headers.size() + " cells, got " + cells.length);
        }
        this.rows.add(Arrays.stream(cells).map(Table::text).toList());
        return this;
    }

    public boolean isEmpty() {
        return this.rows.isEmpty();
    }

    public String render() {
        int[] widths = new int[this.headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = this.headers.get(column).length();
            for (List<String> row : this.rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, this.headers, widths);
        this.rows.forEach((row) -> line(text, row, widths));
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            String cell = cells.get(column);
            line.append(cell);
            if (column < cells.size() - 1) {
                line.append(" ".repeat(widths[column] - cell.length() + 2));
            }
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /** A cell: lists joined by commas, {@code null} as "-", line breaks flattened. */
    static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "-" : String.join(",", list.stream().map(String::valueOf).toList());
        }
        String text = String.valueOf(value).replace('\n', ' ').replace('\t', ' ');
        return text.isEmpty() ? "-" : text;
    }

}
