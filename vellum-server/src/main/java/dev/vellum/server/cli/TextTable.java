package dev.vellum.server.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A table for a terminal: each column as wide as its widest cell (a long worker or stream name widens
 * its column instead of pushing the rest of its row out of line), text columns left-aligned, number
 * columns right-aligned, two spaces before the last column, which is not padded. Every cell passes
 * through {@link ApiOptions#printable} when printed, so stored text cannot move the cursor.
 */
final class TextTable {

    private final String[] headers;
    private final boolean[] numeric;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param columns the header of each column; one ending in {@code ">"} is a number column (the
     *     marker is not printed)
     */
    TextTable(String... columns) {
        headers = new String[columns.length];
        numeric = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            numeric[i] = columns[i].endsWith(">");
            headers[i] = numeric[i] ? columns[i].substring(0, columns[i].length() - 1) : columns[i];
        }
    }

    /** Adds a row, one cell per column, each as {@link String#valueOf(Object)} shows it. */
    void row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.length + " columns");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = ApiOptions.printable(String.valueOf(cells[i]));
        }
        rows.add(row);
    }

    /** Prints the header and the rows. */
    void print() {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        System.out.println(line(headers, widths));
        rows.forEach(row -> System.out.println(line(row, widths)));
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        int last = cells.length - 1;
        for (int i = 0; i < cells.length; i++) {
            if (i == last) {
                line.append(i == 0 ? "" : "  ").append(cells[i]);
                break;
            }
            if (i > 0) {
                line.append(' ');
            }
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(numeric[i] ? pad + cells[i] : cells[i] + pad);
        }
        return line.toString().stripTrailing();
    }
}
