package io.archipel.audience.csv;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;

/**
 * Streams the rows of an upload, one at a time, with bounded memory whatever the file size: FastCSV (RFC 4180 quotes,
 * embedded delimiters, quotes and newlines) reads from a decoding {@link Reader}; only the current row is held.
 * <p>
 * Decisions on bad input (each one a row rejected with a {@link CsvRejection}, never an exception, so an import can
 * always account for every row):
 * <ul>
 * <li>Blank lines, and rows whose cells are all blank, are skipped and counted ({@link #blankRowsSkipped()}).</li>
 * <li>Ragged rows: trailing empty cells beyond the expected count (Excel's "a;b;;") are dropped; any other difference
 * from the header's cell count (or the first row's, without header) rejects the row: the values would land in the
 * wrong columns.</li>
 * <li>A cell longer than {@link #MAX_CELL_LENGTH} chars rejects the row; the cell is not copied (cut in the row kept
 * for the report), so a 100 MB cell costs nothing beyond the parser's own buffer, itself capped at
 * {@link #MAX_BUFFER_CHARS} chars: a single field bigger than that (typically an unclosed quote) stops the file with
 * {@link CsvFileException.Reason#MALFORMED} and the line where it started.</li>
 * <li>NUL characters reject the row (a damaged file or binary data; PostgreSQL text cannot hold them either); they are
 * removed from the cells kept for the report.</li>
 * <li>Bytes invalid in the file's encoding are decoded as U+FFFD and reject the row: importing "H�nin" would silently
 * corrupt the contact. The user fixes those rows from the rejected-rows CSV.</li>
 * </ul>
 * Not thread-safe; close it (it closes the input stream).
 */
public final class CsvRows implements Iterable<CsvRow>, Closeable {

    public static final int MAX_CELL_LENGTH = 10_000;
    public static final int MAX_CELLS = 500;
    public static final int MAX_BUFFER_CHARS = 1 << 20;

    private final CsvReader<Raw> reader;
    private final CloseableIterator<Raw> raw;
    private final List<String> header;
    private int expectedCells;
    private long blankRowsSkipped;
    private long rowsRead;
    private long rowsRejected;
    private Raw pending;
    private boolean iterated;

    private CsvRows(InputStream in, CsvFormat format) {
        InputStream bin = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        try {
            if (format.bom()) {
                skipBom(bin);
            }
        } catch (IOException e) {
            throw new CsvFileException(CsvFileException.Reason.IO_ERROR, 0, e.getMessage(), e);
        }
        Reader text = new InputStreamReader(bin, format.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.reader = CsvReader.builder()
                .fieldSeparator(format.delimiter())
                .quoteCharacter('"')
                .skipEmptyLines(true)
                .allowUnclosedQuote(false)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .maxBufferSize(MAX_BUFFER_CHARS)
                .build(new Handler(), text);
        this.raw = reader.iterator();
        Raw first;
        try {
            first = fetch();
        } catch (CsvFileException e) {
            try {
                reader.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (format.header() && first != null) {
            this.header = Collections.unmodifiableList(first.cells);
            this.expectedCells = trimTrailingEmpty(first.cells).size();
        } else {
            this.header = List.of();
            this.pending = first;
            this.expectedCells = first == null ? 0 : trimTrailingEmpty(first.cells).size();
        }
    }

    /** Reads {@code in} (positioned at the start of the file, BOM included) as described by {@code format}. */
    public static CsvRows open(InputStream in, CsvFormat format) {
        return new CsvRows(in, format);
    }

    /** The header's cells (empty when the format has no header, or the file has no row at all). */
    public List<String> header() {
        return header;
    }

    public long rowsRead() {
        return rowsRead;
    }

    public long rowsRejected() {
        return rowsRejected;
    }

    public long blankRowsSkipped() {
        return blankRowsSkipped;
    }

    /** Single use: the rows are read once, as they are iterated. */
    @Override
    public Iterator<CsvRow> iterator() {
        if (iterated) {
            throw new IllegalStateException("CsvRows can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (pending == null) {
                    pending = fetch();
                }
                return pending != null;
            }

            @Override
            public CsvRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Raw r = pending;
                pending = null;
                CsvRow row = toRow(r);
                rowsRead++;
                if (row.rejected()) {
                    rowsRejected++;
                }
                return row;
            }
        };
    }

    public Stream<CsvRow> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Next non-blank raw record, or null at the end. */
    private Raw fetch() {
        try {
            while (raw.hasNext()) {
                Raw r = raw.next();
                if (r.blank()) {
                    blankRowsSkipped++;
                    continue;
                }
                return r;
            }
            return null;
        } catch (CsvParseException e) {
            throw new CsvFileException(CsvFileException.Reason.MALFORMED, lineOf(e),
                    "Unreadable CSV: " + rootMessage(e), e);
        } catch (UncheckedIOException e) {
            throw new CsvFileException(CsvFileException.Reason.IO_ERROR, 0, e.getMessage(), e);
        }
    }

    private CsvRow toRow(Raw r) {
        List<String> cells = r.cells;
        CsvRejection rejection = r.rejection();
        if (rejection == null && cells.size() != expectedCells) {
            List<String> trimmed = trimTrailingEmpty(cells);
            if (trimmed.size() <= expectedCells && cells.size() > expectedCells) {
                cells = new ArrayList<>(cells.subList(0, expectedCells));
            } else {
                rejection = new CsvRejection(CsvRejection.Reason.WRONG_CELL_COUNT,
                        "row has " + trimmed.size() + " cells, expected " + expectedCells);
            }
        }
        return new CsvRow(r.line, Collections.unmodifiableList(cells), rejection);
    }

    private static List<String> trimTrailingEmpty(List<String> cells) {
        int n = cells.size();
        while (n > 0 && cells.get(n - 1).isEmpty()) {
            n--;
        }
        return n == cells.size() ? cells : cells.subList(0, n);
    }

    private static void skipBom(InputStream in) throws IOException {
        in.mark(4);
        int b0 = in.read();
        int b1 = in.read();
        if (b0 == 0xEF && b1 == 0xBB) {
            if (in.read() == 0xBF) {
                return;
            }
        } else if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
            return;
        }
        in.reset();
    }

    private static long lineOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return 0;
    }

    private static String rootMessage(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                if (!sb.isEmpty()) {
                    sb.append(": ");
                }
                sb.append(t.getMessage());
            }
        }
        return sb.toString();
    }

    /** A record as FastCSV hands it over, with the problems found while copying its cells. */
    private record Raw(long line, List<String> cells, boolean blank, boolean nul, boolean badEncoding, int tooLongCell,
            boolean tooManyCells) {

        CsvRejection rejection() {
            if (tooManyCells) {
                return new CsvRejection(CsvRejection.Reason.TOO_MANY_CELLS, "more than " + MAX_CELLS + " cells");
            }
            if (tooLongCell > 0) {
                return new CsvRejection(CsvRejection.Reason.CELL_TOO_LONG,
                        "cell " + tooLongCell + " is longer than " + MAX_CELL_LENGTH + " characters");
            }
            if (nul) {
                return new CsvRejection(CsvRejection.Reason.NUL_CHARACTER, "contains NUL characters (damaged or binary data)");
            }
            if (badEncoding) {
                return new CsvRejection(CsvRejection.Reason.INVALID_ENCODING,
                        "contains bytes that are not valid in the file's encoding");
            }
            return null;
        }
    }

    /** Copies cells straight from FastCSV's buffer, checking them in the same pass, never copying an over-long one. */
    private static final class Handler extends AbstractBaseCsvCallbackHandler<Raw> {

        private ArrayList<String> cells = new ArrayList<>();
        private boolean blank;
        private boolean nul;
        private boolean badEncoding;
        private int tooLongCell;
        private boolean tooManyCells;

        @Override
        protected void handleBegin(long startingLineNumber) {
            cells = new ArrayList<>(16);
            blank = true;
            nul = false;
            badEncoding = false;
            tooLongCell = 0;
            tooManyCells = false;
        }

        @Override
        protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
            if (fieldIdx >= MAX_CELLS) {
                tooManyCells = true;
                return;
            }
            int keep = len;
            if (len > MAX_CELL_LENGTH) {
                if (tooLongCell == 0) {
                    tooLongCell = fieldIdx + 1;
                }
                keep = MAX_CELL_LENGTH;
            }
            boolean hasNul = false;
            int end = offset + keep;
            for (int i = offset; i < end; i++) {
                char c = buf[i];
                if (c == '\0') {
                    hasNul = true;
                    blank = false;
                } else if (c == '\uFFFD') {
                    badEncoding = true;
                } else if (blank && c > ' ') {
                    blank = false;
                }
            }
            String cell;
            if (hasNul) {
                nul = true;
                StringBuilder sb = new StringBuilder(keep);
                for (int i = offset; i < end; i++) {
                    if (buf[i] != '\0') {
                        sb.append(buf[i]);
                    }
                }
                cell = sb.toString();
            } else {
                cell = new String(buf, offset, keep);
            }
            cells.add(cell);
        }

        @Override
        protected void handleEmpty() {
            blank = true;
        }

        @Override
        protected Raw buildRecord() {
            return new Raw(getStartingLineNumber(), cells, blank && !tooManyCells && tooLongCell == 0, nul, badEncoding,
                    tooLongCell, tooManyCells);
        }
    }
}
