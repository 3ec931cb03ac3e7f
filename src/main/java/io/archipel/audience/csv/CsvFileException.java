package io.archipel.audience.csv;

/** The file as a whole cannot be read (as opposed to one bad row, which is rejected and reported). */
public class CsvFileException extends RuntimeException {

    /** Why; {@link #messageKey()} is the key the import screens translate. */
    public enum Reason {
        /** No bytes, or only blank lines. */
        EMPTY_FILE,
        /** A quote is opened and never closed, or one field is larger than the reader's buffer. */
        MALFORMED,
        /** The upload could not be read (I/O). */
        IO_ERROR;

        public String messageKey() {
            return "audience.import.file." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;
    private final long lineNumber;

    public CsvFileException(Reason reason, long lineNumber, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.lineNumber = lineNumber;
    }

    public Reason reason() {
        return reason;
    }

    /** The line where reading stopped (0 when unknown or for an empty file). */
    public long lineNumber() {
        return lineNumber;
    }
}
