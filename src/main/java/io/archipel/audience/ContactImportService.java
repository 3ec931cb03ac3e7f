package io.archipel.audience;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.audience.ContactImports.ColumnMapping;
import io.archipel.audience.ContactImports.ImportException;
import io.archipel.audience.ContactImports.Mapping;
import io.archipel.audience.ContactImports.Progress;
import io.archipel.audience.ContactImports.Report;
import io.archipel.audience.ContactImports.Staged;
import io.archipel.audience.ContactImports.Status;
import io.archipel.audience.ContactImports.Target;
import io.archipel.audience.CustomAttributes.Definition;
import io.archipel.shared.csv.CsvExport;
import io.archipel.audience.csv.CsvFileException;
import io.archipel.audience.csv.CsvFormat;
import io.archipel.audience.csv.CsvRow;
import io.archipel.audience.csv.CsvRows;
import io.archipel.audience.csv.CsvSniffer;
import io.archipel.audience.imports.ColumnGuesser;
import io.archipel.audience.imports.ImportKeys;
import io.archipel.audience.imports.ImportRecord;
import io.archipel.audience.imports.ImportRepository;
import io.archipel.audience.imports.ImportRunner;
import io.archipel.audience.imports.StoredFileInputStream;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * CSV contact imports: upload and sniff, map columns, run in the background, report. Every method checks scope like
 * {@link ContactService}: the import's branch (or, for a multi-branch import, the caller's scope) must be visible to
 * the caller; another tenant's import is a 404. How an import works (states, batches, crash and cancel semantics,
 * remembered mappings): docs/imports.md.
 */
@Service
public class ContactImportService {

    /** Size of the stored chunks of an upload. */
    static final int CHUNK_BYTES = 1 << 20;
    static final int SAMPLE_ROWS = 10;
    static final int SAMPLE_CELL_CHARS = 200;
    static final int MAX_LAWFUL_BASIS = 1500;

    private final ImportRepository repository;
    private final ImportRunner runner;
    private final BranchService branches;
    private final CustomAttributeService attributes;
    private final MessageSource messages;
    private final TransactionTemplate joined;
    private final long maxFileBytes;

    ContactImportService(ImportRepository repository, ImportRunner runner, BranchService branches,
            CustomAttributeService attributes, MessageSource messages, PlatformTransactionManager transactions,
            @Value("${archipel.imports.max-file-size:200MB}") DataSize maxFileSize) {
        this.repository = repository;
        this.runner = runner;
        this.branches = branches;
        this.attributes = attributes;
        this.messages = messages;
        this.joined = new TransactionTemplate(transactions);
        this.maxFileBytes = maxFileSize.toBytes();
    }

    /**
     * Stores the uploaded file, sniffs it and returns the preview. {@code branchId} null = a multi-branch HQ import
     * (needs a BRANCH_CODE column). Bad files (empty, not text, too big) give an {@link ContactImports.ImportException}.
     */
    @Transactional
    public Staged stage(UUID branchId, String fileName, InputStream content) {
        List<UUID> allowed = null;
        if (branchId != null) {
            branches.get(branchId);
        } else {
            allowed = branches.visibleBranches().stream().map(BranchService.BranchView::id).toList();
        }
        ArchipelUser user = CurrentUser.find().orElse(null);
        UUID id = UUID.randomUUID();
        repository.insertStaged(id, branchId, cleanFileName(fileName), allowed, user == null ? null : user.userId(),
                user == null ? "Archipel" : user.displayName(), user == null ? "system" : user.email());
        MessageDigest sha = sha256();
        byte[] buffer = new byte[CHUNK_BYTES];
        byte[] head = null;
        long total = 0;
        int seq = 0;
        try {
            while (true) {
                int n = content.readNBytes(buffer, 0, buffer.length);
                if (n <= 0) {
                    break;
                }
                total += n;
                if (total > maxFileBytes) {
                    throw new ImportException(ImportKeys.FILE_TOO_LARGE, maxFileBytes / (1024 * 1024));
                }
                sha.update(buffer, 0, n);
                if (head == null) {
                    head = Arrays.copyOf(buffer, Math.min(n, CsvSniffer.SAMPLE_BYTES));
                }
                repository.appendChunk(id, seq++, buffer, n);
                if (n < buffer.length) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new ImportException(ImportKeys.FILE_UNREADABLE);
        }
        if (total == 0 || head == null) {
            throw new ImportException(ImportKeys.FILE_EMPTY);
        }
        CsvFormat format = sniff(head);
        List<String> header;
        List<List<String>> sample = new ArrayList<>();
        try (CsvRows rows = CsvRows.open(new StoredFileInputStream(repository, joined, id), format)) {
            for (CsvRow row : rows) {
                sample.add(row.cells().stream().map(ContactImportService::sampleCell).toList());
                if (sample.size() >= SAMPLE_ROWS) {
                    break;
                }
            }
            header = format.header() ? named(rows.header()) : numbered(sample.isEmpty() ? 0 : sample.get(0).size());
        } catch (CsvFileException e) {
            throw e.reason() == CsvFileException.Reason.EMPTY_FILE ? new ImportException(ImportKeys.FILE_EMPTY)
                    : new ImportException(ImportKeys.FILE_MALFORMED, Math.max(1, e.lineNumber()));
        }
        if (header.isEmpty()) {
            throw new ImportException(ImportKeys.FILE_EMPTY);
        }
        repository.completeStaging(id, total, HexFormat.of().formatHex(sha.digest()), format, header, sample);
        return staged(load(id));
    }

    /** The staged file again (for the mapping screen after a redirect or a validation error). */
    @Transactional(readOnly = true)
    public Staged staged(UUID importId) {
        return staged(load(importId));
    }

    /**
     * Validates the mapping (an EMAIL or MOBILE column; each field at most once; BRANCH_CODE exactly when multi-branch;
     * a lawful basis when a consent column is mapped; attribute keys declared), remembers it for the branch, and queues
     * the import. Returns at once; the work runs in the background.
     */
    @Transactional
    public Progress start(UUID importId, Mapping mapping) {
        ImportRecord rec = load(importId);
        if (rec.status() != Status.STAGED) {
            throw new ImportException(ImportKeys.NOT_STAGED);
        }
        Mapping clean = validate(mapping, rec, attributes.list());
        if (!repository.queue(importId, clean)) {
            throw new ImportException(ImportKeys.NOT_STAGED);
        }
        if (rec.format().header()) {
            Map<String, ColumnMapping> byHeader = new LinkedHashMap<>();
            for (ColumnMapping c : clean.columns()) {
                String name = ColumnGuesser.normalise(rec.header().get(c.column()));
                if (!name.isEmpty()) {
                    byHeader.putIfAbsent(name, c);
                }
            }
            repository.remember(rec.branchId(), byHeader);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    runner.wake();
                }
            });
        }
        return progress(load(importId));
    }

    @Transactional(readOnly = true)
    public Progress progress(UUID importId) {
        return progress(load(importId));
    }

    /** Asks a queued or running import to stop after its current batch (the report then says which rows were applied). */
    @Transactional
    public Progress cancel(UUID importId) {
        ImportRecord rec = load(importId);
        if (!rec.status().finished()) {
            repository.requestCancel(importId);
        }
        return progress(load(importId));
    }

    @Transactional(readOnly = true)
    public Report report(UUID importId) {
        ImportRecord rec = load(importId);
        return new Report(progress(rec), staged(rec), rec.mapping(), repository.rejectionCounts(importId),
                repository.firstRejections(importId, 100), rec.consentEvents(), rec.suppressedRows());
    }

    /** The recent imports of a branch, newest first; {@code branchId} null = those visible to an HQ user. */
    @Transactional(readOnly = true)
    public List<Progress> recent(UUID branchId, int limit) {
        int n = Math.max(1, Math.min(limit, 200));
        List<ImportRecord> found;
        if (branchId != null) {
            branches.get(branchId);
            found = repository.recentOfBranch(branchId, n);
        } else {
            List<UUID> visible = branches.visibleBranches().stream().map(BranchService.BranchView::id).toList();
            found = repository.recentVisible(visible, n);
        }
        return found.stream().map(ContactImportService::progress).toList();
    }

    /**
     * Writes the rejected rows as CSV (UTF-8 with BOM, the file's delimiter): the original header plus a "Reason"
     * column in the given language, the original cells formula-neutralised.
     */
    @Transactional(readOnly = true)
    public void writeRejectedRows(UUID importId, Locale locale, OutputStream out) {
        ImportRecord rec = load(importId);
        Locale loc = locale == null ? Locale.ENGLISH : locale;
        CsvExport csv = CsvExport.open(out, rec.format().delimiter());
        List<String> head = new ArrayList<>(rec.header());
        head.add(messages.getMessage("import.rejected.reasonColumn", null, "Reason", loc));
        csv.writeRow(head);
        repository.eachRejection(importId, (line, key, args, cells) -> {
            List<String> row = new ArrayList<>(cells);
            while (row.size() < rec.header().size()) {
                row.add("");
            }
            String reason = messages.getMessage(key, args.toArray(), key, loc);
            row.add(messages.getMessage("import.rejected.reasonWithLine", new Object[] {String.valueOf(line), reason},
                    "line " + line + ": " + reason, loc));
            csv.writeRow(row);
        });
        csv.flush();
    }

    // ------------------------------------------------------------------ helpers

    /** The import if visible to the caller: 404 unknown (or another tenant's), 403 outside the caller's scope. */
    private ImportRecord load(UUID importId) {
        ImportRecord rec = repository.find(importId).orElseThrow(() -> new NotFoundException("Import"));
        if (rec.branchId() != null) {
            branches.get(rec.branchId());
        } else {
            Set<UUID> visible = new HashSet<>();
            branches.visibleBranches().forEach(b -> visible.add(b.id()));
            if (rec.allowedBranchIds() != null && !visible.containsAll(rec.allowedBranchIds())) {
                throw new AccessDeniedInScopeException("Import");
            }
        }
        return rec;
    }

    private Staged staged(ImportRecord rec) {
        Mapping suggested = rec.mapping();
        if (suggested == null) {
            suggested = new Mapping(ColumnGuesser.suggest(rec.header(), rec.multiBranch(),
                    repository.memory(rec.branchId()), attributes.list()), null);
        }
        return new Staged(rec.id(), rec.branchId(), rec.fileName(), rec.sizeBytes(), rec.sha256(), rec.format(),
                rec.header(), rec.sample(), suggested);
    }

    static Progress progress(ImportRecord r) {
        return new Progress(r.id(), r.branchId(), r.branchName(), r.fileName(), r.status(), r.rowsTotal(),
                r.rowsProcessed(), r.created(), r.updated(), r.rejected(), r.lastAppliedLine(), r.createdByName(),
                r.createdAt(), r.startedAt(), r.finishedAt(), r.failureKey(), r.failureArgs());
    }

    static Mapping validate(Mapping mapping, ImportRecord rec, List<Definition> definitions) {
        if (mapping == null || mapping.columns() == null || mapping.columns().isEmpty()) {
            throw new ImportException(ImportKeys.MAPPING_REQUIRED);
        }
        Set<Integer> columns = new HashSet<>();
        Set<Target> targets = EnumSet.noneOf(Target.class);
        Set<String> keys = new HashSet<>();
        List<ColumnMapping> clean = new ArrayList<>();
        for (ColumnMapping c : mapping.columns()) {
            if (c == null || c.column() < 0 || c.column() >= rec.header().size() || !columns.add(c.column())) {
                throw new ImportException(ImportKeys.MAPPING_COLUMN, c == null ? 0 : c.column() + 1);
            }
            Target t = c.target() == null ? Target.IGNORE : c.target();
            if (t == Target.ATTRIBUTE) {
                String key = c.attributeKey() == null ? "" : c.attributeKey().strip();
                if (definitions.stream().noneMatch(d -> d.key().equals(key))) {
                    throw new ImportException(ImportKeys.MAPPING_ATTRIBUTE, key);
                }
                if (!keys.add(key)) {
                    throw new ImportException(ImportKeys.MAPPING_TWICE, key);
                }
                clean.add(new ColumnMapping(c.column(), t, key));
            } else {
                if (t != Target.IGNORE && !targets.add(t)) {
                    throw new ImportException(ImportKeys.MAPPING_TWICE, t.name());
                }
                clean.add(new ColumnMapping(c.column(), t, null));
            }
        }
        if (!targets.contains(Target.EMAIL) && !targets.contains(Target.MOBILE)) {
            throw new ImportException(ImportKeys.MAPPING_REACHABLE);
        }
        if (rec.multiBranch() && !targets.contains(Target.BRANCH_CODE)) {
            throw new ImportException(ImportKeys.MAPPING_BRANCH_CODE_REQUIRED);
        }
        if (!rec.multiBranch() && targets.contains(Target.BRANCH_CODE)) {
            throw new ImportException(ImportKeys.MAPPING_BRANCH_CODE_SINGLE);
        }
        String basis = mapping.lawfulBasis() == null || mapping.lawfulBasis().isBlank() ? null
                : mapping.lawfulBasis().strip();
        if (basis == null && (targets.contains(Target.EMAIL_CONSENT) || targets.contains(Target.SMS_CONSENT))) {
            throw new ImportException(ImportKeys.MAPPING_LAWFUL_BASIS);
        }
        if (basis != null && basis.length() > MAX_LAWFUL_BASIS) {
            throw new ImportException(ImportKeys.MAPPING_LAWFUL_BASIS_LONG, MAX_LAWFUL_BASIS);
        }
        return new Mapping(List.copyOf(clean), basis);
    }

    /** Sniffs the first bytes; refuses spreadsheets, other binary files and empty text. */
    static CsvFormat sniff(byte[] head) {
        if (startsWith(head, 0x50, 0x4B, 0x03, 0x04) || startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)) {
            throw new ImportException(ImportKeys.FILE_SPREADSHEET);
        }
        if (startsWith(head, 0x25, 0x50, 0x44, 0x46) || startsWith(head, 0x89, 0x50, 0x4E, 0x47)
                || startsWith(head, 0x47, 0x49, 0x46, 0x38) || startsWith(head, 0xFF, 0xD8, 0xFF)
                || startsWith(head, 0x1F, 0x8B)) {
            throw new ImportException(ImportKeys.FILE_BINARY);
        }
        CsvFormat format;
        try {
            format = CsvSniffer.sniff(head);
        } catch (CsvFileException e) {
            throw new ImportException(ImportKeys.FILE_EMPTY);
        }
        String cs = format.charset().name().toUpperCase(Locale.ROOT);
        if (!cs.startsWith("UTF-16")) {
            int control = 0;
            for (byte b : head) {
                int c = b & 0xFF;
                if (c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1A)) {
                    control++;
                }
            }
            if (control > head.length * 3 / 100) { // text has none; a few NULs are rejected row by row
                throw new ImportException(ImportKeys.FILE_BINARY);
            }
        }
        return format;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static List<String> named(List<String> header) {
        List<String> out = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i) == null ? "" : header.get(i).strip();
            out.add(h.isEmpty() ? "Column " + (i + 1) : sampleCell(h));
        }
        return out;
    }

    private static List<String> numbered(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add("Column " + i);
        }
        return out;
    }

    private static String sampleCell(String cell) {
        return cell.length() > SAMPLE_CELL_CHARS ? cell.substring(0, SAMPLE_CELL_CHARS) + "…" : cell;
    }

    private static String cleanFileName(String fileName) {
        String name = fileName == null ? "" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").strip();
        if (name.isEmpty()) {
            name = "contacts.csv";
        }
        return name.length() > 255 ? name.substring(name.length() - 255) : name;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
