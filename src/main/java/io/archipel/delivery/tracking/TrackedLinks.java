package io.archipel.delivery.tracking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where a click goes: the {@code tracked_link} URL of the recipient's campaign and the token's link number, stored at
 * approval — never a URL from the request. Looked up inside the tenant (row-level security applies) and kept in a
 * small LRU cache (links never change once a campaign is approved). Only http(s) URLs are ever returned.
 */
@Component
public class TrackedLinks {

    private static final int CACHE_SIZE = 20_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final Map<Key, String> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private record Key(UUID tenantId, long recipientId, int linkNo) {
    }

    TrackedLinks(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** The stored URL of link {@code linkNo} of the mail sent to the recipient, or empty (unknown recipient/link). */
    public Optional<String> target(UUID tenantId, long recipientId, int linkNo) {
        Key key = new Key(tenantId, recipientId, linkNo);
        synchronized (cache) {
            String cached = cache.get(key);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        String[] url = new String[1];
        TenantContext.runAsSystem(tenantId, () -> readOnly.executeWithoutResult(status -> {
            List<String> found = jdbc.queryForList("select l.url from campaign_recipient r join tracked_link l "
                    + "on l.tenant_id = r.tenant_id and l.campaign_id = r.campaign_id and l.link_no = ? "
                    + "where r.tenant_id = ? and r.id = ?", String.class, linkNo, tenantId, recipientId);
            url[0] = found.isEmpty() ? null : found.get(0);
        }));
        if (url[0] == null || !safe(url[0])) {
            return Optional.empty();
        }
        synchronized (cache) {
            cache.put(key, url[0]);
        }
        return Optional.of(url[0]);
    }

    /** Absolute http(s) URLs without control characters or white space (a stored URL never has them). */
    static boolean safe(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("https://") || lower.startsWith("http://"))) {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
