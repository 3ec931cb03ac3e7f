package io.archipel.audience.csv;

import java.util.Optional;

/**
 * The result of parsing one cell for a mapped column: a value, nothing (a blank cell), or a problem with an English
 * explanation (for the "reason" column of the rejected rows).
 */
public record CsvValue<T>(T value, String problem) {

    private static final CsvValue<?> EMPTY = new CsvValue<>(null, null);

    public static <T> CsvValue<T> of(T value) {
        return new CsvValue<>(value, null);
    }

    @SuppressWarnings("unchecked")
    public static <T> CsvValue<T> empty() {
        return (CsvValue<T>) EMPTY;
    }

    public static <T> CsvValue<T> invalid(String problem) {
        return new CsvValue<>(null, problem);
    }

    public boolean isValid() {
        return problem == null;
    }

    public boolean isEmpty() {
        return value == null && problem == null;
    }

    public Optional<T> optional() {
        return Optional.ofNullable(value);
    }
}
