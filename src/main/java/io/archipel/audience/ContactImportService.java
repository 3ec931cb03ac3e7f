package io.archipel.audience;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;

import io.archipel.audience.ContactImports.Mapping;
import io.archipel.audience.ContactImports.Progress;
import io.archipel.audience.ContactImports.Report;
import io.archipel.audience.ContactImports.Staged;
import org.springframework.stereotype.Service;

/**
 * CSV contact imports: upload and sniff, map columns, run in the background, report. Every method checks scope like
 * {@link ContactService}: the import's branch (or, for a multi-branch import, the caller's scope) must be visible to
 * the caller; another tenant's import is a 404.
 *
 * <p>CONTRACT under construction (issue 4): the import-engine helper implements the bodies; signatures are shared
 * with the import pages.
 */
@Service
public class ContactImportService {

    /**
     * Stores the uploaded file, sniffs it and returns the preview. {@code branchId} null = a multi-branch HQ import
     * (needs a BRANCH_CODE column). Bad files (empty, not text, too big) give an {@link ContactImports.ImportException}.
     */
    public Staged stage(UUID branchId, String fileName, InputStream content) {
        throw new UnsupportedOperationException("import engine not built yet");
    }

    /** The staged file again (for the mapping screen after a redirect or a validation error). */
    public Staged staged(UUID importId) {
        throw new UnsupportedOperationException("import engine not built yet");
    }

    /**
     * Validates the mapping (an EMAIL or MOBILE column; each field at most once; BRANCH_CODE exactly when multi-branch;
     * a lawful basis when a consent column is mapped; attribute keys declared), remembers it for the branch, and queues
     * the import. Returns at once; the work runs in the background.
     */
    public Progress start(UUID importId, Mapping mapping) {
        throw new UnsupportedOperationException("import engine not built yet");
    }

    public Progress progress(UUID importId) {
        throw new UnsupportedOperationException("import engine not built yet");
    }

    /** Asks a queued or running import to stop after its current batch (the report then says which rows were applied). */
    public Progress cancel(UUID importId) {
        throw new UnsupportedOperationException("import engine not built yet");
    }

    public Report report(UUID importId) {
        throw new UnsupportedOperationException("import engine not built yet");
    }

    /** The recent imports of a branch, newest first; {@code branchId} null = those visible to an HQ user. */
    public List<Progress> recent(UUID branchId, int limit) {
        throw new UnsupportedOperationException("import engine not built yet");
    }

    /**
     * Writes the rejected rows as CSV (UTF-8 with BOM, the file's delimiter): the original header plus a "Reason"
     * column in the given language, the original cells formula-neutralised.
     */
    public void writeRejectedRows(UUID importId, java.util.Locale locale, OutputStream out) {
        throw new UnsupportedOperationException("import engine not built yet");
    }
}
