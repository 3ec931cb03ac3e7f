package io.archipel.audience.csv;

import java.nio.charset.Charset;

/**
 * How an uploaded CSV file is written, as detected by {@link CsvSniffer} (and correctable by the user on the preview).
 *
 * @param charset   the text encoding (UTF-8, UTF-16LE/BE or windows-1252)
 * @param bom       whether the file starts with a byte order mark (skipped when reading)
 * @param delimiter the field separator: {@code ','}, {@code ';'} or tab
 * @param header    whether the first row holds column names rather than a contact
 */
public record CsvFormat(Charset charset, boolean bom, char delimiter, boolean header) {

    public CsvFormat withHeader(boolean header) {
        return new CsvFormat(charset, bom, delimiter, header);
    }

    public CsvFormat withDelimiter(char delimiter) {
        return new CsvFormat(charset, bom, delimiter, header);
    }
}
