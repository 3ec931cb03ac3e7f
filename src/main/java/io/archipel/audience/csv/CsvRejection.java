package io.archipel.audience.csv;

import java.util.Locale;

/**
 * Why a row of an import is rejected. {@link Reason#messageKey()} is for the report screens; {@link #detail()} is a short
 * English explanation that also goes into the "reason" column of the rejected-rows CSV.
 */
public record CsvRejection(Reason reason, String detail) {

    public enum Reason {
        /** More or fewer cells than the header (or the first row) has: values would land in the wrong columns. */
        WRONG_CELL_COUNT,
        /** A cell is longer than {@link CsvRows#MAX_CELL_LENGTH} characters. */
        CELL_TOO_LONG,
        /** More than {@link CsvRows#MAX_CELLS} cells. */
        TOO_MANY_CELLS,
        /** NUL characters: binary data or a damaged file. */
        NUL_CHARACTER,
        /** Bytes that are not valid in the file's encoding (shown as U+FFFD). */
        INVALID_ENCODING,
        /** A value did not parse (date, amount, consent, mobile...); used by the mapping step. */
        INVALID_VALUE;

        public String messageKey() {
            return "audience.import.reject." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
