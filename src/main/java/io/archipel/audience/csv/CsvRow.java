package io.archipel.audience.csv;

import java.util.List;

/**
 * One data row of an upload.
 *
 * @param lineNumber the physical line (1-based) where the row starts in the file, as the user sees it in an editor
 * @param cells      the cells, unmodifiable; for a rejected row they are kept (NUL removed, over-long cells cut to
 *                   {@link CsvRows#MAX_CELL_LENGTH}) so the rejected-rows CSV can give them back
 * @param rejection  why the row cannot be imported, or {@code null}
 */
public record CsvRow(long lineNumber, List<String> cells, CsvRejection rejection) {

    public boolean rejected() {
        return rejection != null;
    }

    /** The cell at {@code index}, or {@code ""} past the end. */
    public String cell(int index) {
        return index < cells.size() ? cells.get(index) : "";
    }
}
