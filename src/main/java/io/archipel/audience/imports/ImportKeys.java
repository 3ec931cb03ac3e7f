package io.archipel.audience.imports;

/**
 * Message keys (messages/imports*.properties) of the import engine: why a row is rejected ({@code import.reason.*}),
 * why a file or a mapping cannot be imported, or why a job stopped ({@code import.failure.*}).
 */
public final class ImportKeys {

    private ImportKeys() {
    }

    // ---- rows: {0}, {1} are the arguments listed
    /** {0} cells found, {1} expected. */
    public static final String CELL_COUNT = "import.reason.cellCount";
    /** {0} max length. */
    public static final String CELL_TOO_LONG = "import.reason.cellTooLong";
    /** {0} max cells. */
    public static final String TOO_MANY_CELLS = "import.reason.tooManyCells";
    public static final String NUL = "import.reason.nul";
    public static final String ENCODING = "import.reason.encoding";
    /** {0} detail. */
    public static final String INVALID_VALUE = "import.reason.invalidValue";
    /** {0} column name. */
    public static final String BRANCH_MISSING = "import.reason.branchMissing";
    /** {0} code. */
    public static final String BRANCH_UNKNOWN = "import.reason.branchUnknown";
    /** {0} column, {1} max. */
    public static final String TOO_LONG = "import.reason.tooLong";
    /** {0} value. */
    public static final String EMAIL = "import.reason.email";
    /** {0} value. */
    public static final String MOBILE = "import.reason.mobile";
    public static final String REACHABLE = "import.reason.reachable";
    /** {0} column, {1} value. */
    public static final String DATE = "import.reason.date";
    /** {0} column, {1} value. */
    public static final String FUTURE_DATE = "import.reason.futureDate";
    /** {0} column, {1} value. */
    public static final String AMOUNT = "import.reason.amount";
    /** {0} column, {1} value. */
    public static final String AMOUNT_RANGE = "import.reason.amountRange";
    /** {0} max. */
    public static final String TAG_TOO_LONG = "import.reason.tagTooLong";
    /** {0} column, {1} value. */
    public static final String CONSENT = "import.reason.consent";
    /** {0} column, {1} value. */
    public static final String ATTRIBUTE = "import.reason.attribute";
    /** {0} the line of the first occurrence. */
    public static final String DUPLICATE = "import.reason.duplicate";
    public static final String ERASED = "import.reason.erased";
    public static final String CONFLICT = "import.reason.conflict";

    // ---- files (ImportException on stage)
    public static final String FILE_EMPTY = "import.failure.empty";
    public static final String FILE_BINARY = "import.failure.binary";
    public static final String FILE_SPREADSHEET = "import.failure.spreadsheet";
    /** {0} max size in MB. */
    public static final String FILE_TOO_LARGE = "import.failure.tooLarge";
    /** {0} line. */
    public static final String FILE_MALFORMED = "import.failure.malformed";
    public static final String FILE_UNREADABLE = "import.failure.unreadable";

    // ---- mappings (ImportException on start)
    public static final String NOT_STAGED = "import.failure.notStaged";
    public static final String MAPPING_REQUIRED = "import.failure.mapping.required";
    public static final String MAPPING_REACHABLE = "import.failure.mapping.reachable";
    /** {0} the target. */
    public static final String MAPPING_TWICE = "import.failure.mapping.twice";
    /** {0} the column number. */
    public static final String MAPPING_COLUMN = "import.failure.mapping.column";
    public static final String MAPPING_BRANCH_CODE_REQUIRED = "import.failure.mapping.branchCodeRequired";
    public static final String MAPPING_BRANCH_CODE_SINGLE = "import.failure.mapping.branchCodeSingle";
    public static final String MAPPING_LAWFUL_BASIS = "import.failure.mapping.lawfulBasis";
    public static final String MAPPING_LAWFUL_BASIS_LONG = "import.failure.mapping.lawfulBasisTooLong";
    /** {0} the attribute key. */
    public static final String MAPPING_ATTRIBUTE = "import.failure.mapping.attribute";

    // ---- jobs (Progress.failureMessageKey)
    /** {0} line where reading stopped. */
    public static final String JOB_MALFORMED = "import.failure.job.malformed";
    public static final String JOB_ERROR = "import.failure.job.error";
}
