package io.archipel.audience.imports;

import java.io.InputStream;
import java.util.UUID;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stored upload read back chunk by chunk (one read per ~1 MB chunk in {@code readOnly}'s transaction: a new
 * one per chunk for the runner, the caller's own while staging; tenant context of the calling thread), so a file of any size streams with one chunk in memory.
 */
public final class StoredFileInputStream extends InputStream {

    private final ImportRepository repository;
    private final TransactionTemplate readOnly;
    private final UUID importId;
    private final int chunks;
    private int next;
    private byte[] current = new byte[0];
    private int pos;

    public StoredFileInputStream(ImportRepository repository, TransactionTemplate readOnly, UUID importId) {
        this.repository = repository;
        this.readOnly = readOnly;
        this.importId = importId;
        Integer n = readOnly.execute(s -> repository.chunkCount(importId));
        this.chunks = n == null ? 0 : n;
    }

    private boolean fill() {
        while (pos >= current.length) {
            if (next >= chunks) {
                return false;
            }
            int seq = next++;
            byte[] data = readOnly.execute(s -> repository.chunk(importId, seq));
            current = data == null ? new byte[0] : data;
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return current[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - pos;
    }
}
