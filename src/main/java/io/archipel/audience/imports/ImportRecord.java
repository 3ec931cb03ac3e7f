package io.archipel.audience.imports;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.archipel.audience.ContactImports.Mapping;
import io.archipel.audience.ContactImports.Status;
import io.archipel.audience.csv.CsvFormat;

/** One row of {@code contact_import}, as stored. */
public record ImportRecord(UUID tenantId, UUID id, UUID branchId, String branchName, String fileName, long sizeBytes,
        String sha256, CsvFormat format, List<String> header, List<List<String>> sample, Status status,
        Mapping mapping, List<UUID> allowedBranchIds, String createdByName, String createdByEmail, Instant createdAt,
        Instant startedAt, Instant finishedAt, Long rowsTotal, long rowsProcessed, long created, long updated,
        long rejected, long consentEvents, long suppressedRows, long lastAppliedLine, boolean cancelRequested,
        String leaseOwner, String failureKey, List<String> failureArgs) {

    public boolean multiBranch() {
        return branchId == null;
    }

    /** The format as stored (charset name, BOM, delimiter, header flag). */
    static CsvFormat format(String charset, boolean bom, String delimiter, boolean header) {
        return new CsvFormat(Charset.forName(charset), bom, delimiter.charAt(0), header);
    }

    /** "Name &lt;email&gt;", the actor written on consent events. */
    public String actor() {
        return createdByName + " <" + createdByEmail + ">";
    }
}
