package io.archipel.audience;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.archipel.audience.csv.CsvFormat;

/** Read models and inputs of CSV contact imports ({@link ContactImportService}). */
public final class ContactImports {

    private ContactImports() {
    }

    /** STAGED: uploaded, waiting for its mapping; QUEUED/RUNNING: in the background; then one final state. */
    public enum Status {
        STAGED, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

        public boolean finished() {
            return this == COMPLETED || this == FAILED || this == CANCELLED;
        }
    }

    /** Where a column of the file goes. ATTRIBUTE needs an attribute key; BRANCH_CODE only in a multi-branch (HQ) import. */
    public enum Target {
        IGNORE, EMAIL, MOBILE, FIRST_NAME, LAST_NAME, BIRTH_DATE, POSTAL_CODE, CITY, LOYALTY_TIER, LAST_PURCHASE_DATE,
        TOTAL_SPEND, TAGS, EMAIL_CONSENT, SMS_CONSENT, BRANCH_CODE, ATTRIBUTE
    }

    /** Column {@code column} (0-based, in file order) goes to {@code target}; {@code attributeKey} only for ATTRIBUTE. */
    public record ColumnMapping(int column, Target target, String attributeKey) {
    }

    /**
     * The user's choices on the mapping screen. {@code lawfulBasis} is the statement recorded with every consent event
     * of the import (required as soon as a consent column is mapped).
     */
    public record Mapping(List<ColumnMapping> columns, String lawfulBasis) {
    }

    /**
     * An uploaded file, sniffed and waiting for its mapping: the detected format, the header (or "Column 1".. when the
     * file has none), up to 10 sample rows, and a suggested mapping (the branch's remembered one when the headers
     * match, else guessed from header names in French and English).
     */
    public record Staged(UUID importId, UUID branchId, String fileName, long sizeBytes, String sha256, CsvFormat format,
            List<String> header, List<List<String>> sampleRows, Mapping suggested) {

        public boolean multiBranch() {
            return branchId == null;
        }
    }

    /**
     * Where an import stands. {@code rowsTotal} is known once the file is counted (null before);
     * {@code lastAppliedLine} is the last file line whose row is committed: after a crash or a cancel, exactly the rows
     * up to that line were applied and none after. {@code failureMessageKey} (+ {@code failureArgs}, e.g. the line
     * where an unreadable file stopped) says why a FAILED import stopped.
     */
    public record Progress(UUID importId, UUID branchId, String branchName, String fileName, Status status,
            Long rowsTotal, long rowsProcessed, long created, long updated, long rejected, long lastAppliedLine,
            String createdBy, Instant createdAt, Instant startedAt, Instant finishedAt, String failureMessageKey,
            List<String> failureArgs) {

        /** 0..100 for the progress bar. */
        public int percent() {
            if (status.finished()) {
                return 100;
            }
            return rowsTotal == null || rowsTotal == 0 ? 0 : (int) Math.min(99, rowsProcessed * 100 / rowsTotal);
        }
    }

    /** One rejected row: its file line, the reason's message key and args (rendered in the reader's language). */
    public record Rejection(long lineNumber, String reasonKey, List<String> reasonArgs) {
    }

    /** Rejections grouped by reason for the report ("42 × invalid e-mail address"). */
    public record RejectionCount(String reasonKey, long count) {
    }

    /** The report: progress, the statement and file hash recorded, rejection counts by reason, the first rejections. */
    public record Report(Progress progress, Staged file, Mapping mapping, List<RejectionCount> rejectionsByReason,
            List<Rejection> firstRejections, long consentEventsRecorded, long suppressedRows) {
    }

    /** A file or a mapping that cannot be imported at all (message key + args for the user). */
    public static class ImportException extends RuntimeException {

        private final String messageKey;
        private final transient Object[] args;

        public ImportException(String messageKey, Object... args) {
            super(messageKey);
            this.messageKey = messageKey;
            this.args = args;
        }

        public String messageKey() {
            return messageKey;
        }

        public Object[] args() {
            return args;
        }
    }
}
