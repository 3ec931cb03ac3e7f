package io.archipel.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.archipel.identity.ApiKeys.ApiKeyDraft;
import io.archipel.identity.ApiKeys.ApiKeyView;
import io.archipel.identity.ApiKeys.CreatedApiKey;
import io.archipel.identity.InvalidInputException.Problem;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.NetworkScope;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The current tenant's REST API keys: an HQ admin creates them (the whole key is shown once), lists and revokes the
 * keys whose scope lies inside their own. A key reads {@code ark_<prefix>_<secret>}: the prefix is public and finds
 * the row before the tenant is known ({@code archipel_api_key_lookup}, the narrow cross-tenant function of V12);
 * only a SHA-256 hash of the secret is stored.
 * <p>
 * Why SHA-256 and not bcrypt/argon2 like passwords: the secret is 256 bits from {@link SecureRandom}, not something a
 * person chose, so there is no dictionary to try and a brute force of a leaked hash is out of reach even at GPU
 * speed; a deliberately slow hash would only add ~100 ms to every API call. The comparison is constant-time.
 */
@Service
public class ApiKeyService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PREFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    static final int PREFIX_LENGTH = 12;
    /** last_used_at is written at most once per this interval and key (a busy integration must not write per call). */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final String SELECT = "select k.*, t.name as territory_name, b.code as branch_code, "
            + "b.name as branch_name, t.path as territory_path, bt.path as branch_territory_path from api_key k "
            + "left join territory t on t.tenant_id = k.tenant_id and t.id = k.scope_territory_id "
            + "left join branch b on b.tenant_id = k.tenant_id and b.id = k.scope_branch_id "
            + "left join territory bt on bt.tenant_id = b.tenant_id and bt.id = b.territory_id ";

    private final JdbcTemplate jdbc;
    private final CurrentScope scope;
    private final TerritoryService territories;
    private final BranchService branches;

    private final TransactionTemplate writes;

    ApiKeyService(JdbcTemplate jdbc, CurrentScope scope, TerritoryService territories, BranchService branches,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.writes = new TransactionTemplate(transactions);
        this.scope = scope;
        this.territories = territories;
        this.branches = branches;
    }

    /** What authentication found for a presented key: who to run the request as. */
    public record Authenticated(UUID keyId, UUID tenantId, String name, String prefix) {
    }

    private record Row(ApiKeyView view, String territoryPath, String branchTerritoryPath) {
    }

    // ------------------------------------------------------------------------------------------------ HQ page

    /** The keys whose scope lies inside the caller's, active ones first, newest first. */
    @Transactional(readOnly = true)
    public List<ApiKeyView> list() {
        NetworkScope s = scope.get();
        return jdbc.query(SELECT + "where k.tenant_id = ? order by (k.revoked_at is null) desc, k.created_at desc",
                this::row, TenantContext.require()).stream().filter(r -> covers(s, r)).map(Row::view).toList();
    }

    /** One key: 404 unknown (or another tenant's), 403 when its scope is not inside the caller's. */
    @Transactional(readOnly = true)
    public ApiKeyView get(UUID keyId) {
        List<Row> found = jdbc.query(SELECT + "where k.tenant_id = ? and k.id = ?", this::row,
                TenantContext.require(), keyId);
        if (found.isEmpty()) {
            throw new NotFoundException("API key");
        }
        if (!covers(scope.get(), found.get(0))) {
            throw new AccessDeniedInScopeException("API key");
        }
        return found.get(0).view();
    }

    /**
     * Creates a key with a scope inside the caller's own (a whole-network key needs a whole-network admin).
     *
     * @throws InvalidInputException on {@code name} (required, too long, used by another active key),
     *         {@code scopeType}, {@code territoryId} or {@code branchId} (missing)
     */
    @Transactional
    public CreatedApiKey create(ApiKeyDraft draft) {
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty()) {
            throw new InvalidInputException(List.of(new Problem("name", "validation.required")));
        }
        if (name.length() > ApiKeys.NAME_MAX_LENGTH) {
            throw new InvalidInputException(List.of(new Problem("name", "apiKeys.name.tooLong")));
        }
        if (draft.scopeType() == null) {
            throw new InvalidInputException(List.of(new Problem("scopeType", "validation.required")));
        }
        NetworkScope mine = scope.get();
        UUID territoryId = null;
        UUID branchId = null;
        switch (draft.scopeType()) {
            case TENANT -> {
                if (!mine.isWholeTenant()) {
                    throw new AccessDeniedInScopeException("The whole network");
                }
            }
            case TERRITORY -> {
                if (draft.territoryId() == null) {
                    throw new InvalidInputException(List.of(new Problem("territoryId", "apiKeys.territory.required")));
                }
                territoryId = territories.get(draft.territoryId()).id(); // 404 / 403
            }
            case BRANCHES -> {
                if (draft.branchId() == null) {
                    throw new InvalidInputException(List.of(new Problem("branchId", "apiKeys.branch.required")));
                }
                branchId = branches.get(draft.branchId()).id(); // 404 / 403
            }
        }
        if (Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from api_key where tenant_id = ? "
                + "and lower(name) = lower(?) and revoked_at is null)", Boolean.class, TenantContext.require(), name))) {
            throw new InvalidInputException(List.of(new Problem("name", "apiKeys.name.taken")));
        }
        UUID id = UUID.randomUUID();
        String prefix = randomPrefix();
        String secret = randomSecret();
        try {
            jdbc.update("insert into api_key (tenant_id, id, name, prefix, secret_hash, scope_type, "
                    + "scope_territory_id, scope_branch_id, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    TenantContext.require(), id, name, prefix, sha256(secret), draft.scopeType().name(), territoryId,
                    branchId, actor());
        } catch (DuplicateKeyException e) {
            // another admin created an active key with this name since the check above
            throw new InvalidInputException(List.of(new Problem("name", "apiKeys.name.taken")));
        }
        return new CreatedApiKey(get(id), ApiKeys.KEY_START + prefix + "_" + secret);
    }

    /** Revokes a key at once (the next call with it answers 401); revoking a revoked key changes nothing. */
    @Transactional
    public void revoke(UUID keyId) {
        get(keyId);
        jdbc.update("update api_key set revoked_at = now(), revoked_by = ?, version = version + 1 "
                + "where tenant_id = ? and id = ? and revoked_at is null", actor(), TenantContext.require(), keyId);
    }

    // ------------------------------------------------------------------------------------------------ API calls

    /**
     * Checks a presented key before any tenant is known: empty when it is malformed, unknown, revoked, wrong, or
     * its tenant is suspended (the caller answers the same 401 in every case). Records the use (at most once a
     * minute per key) in the key's tenant.
     */
    public Optional<Authenticated> authenticate(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        String key = presented.strip();
        if (!key.startsWith(ApiKeys.KEY_START) || key.length() > 200) {
            return Optional.empty();
        }
        int split = key.indexOf('_', ApiKeys.KEY_START.length());
        if (split != ApiKeys.KEY_START.length() + PREFIX_LENGTH) {
            return Optional.empty();
        }
        String prefix = key.substring(ApiKeys.KEY_START.length(), split);
        String secret = key.substring(split + 1);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        List<Lookup> found = jdbc.query("select * from archipel_api_key_lookup(?)", (rs, n) -> new Lookup(
                rs.getObject("key_id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("tenant_status"), rs.getString("name"), rs.getString("secret_hash"),
                rs.getBoolean("revoked"), instant(rs.getTimestamp("last_used_at"))), prefix);
        // hash even when nothing was found, so that an unknown prefix takes as long as a wrong secret
        byte[] presentedHash = sha256(secret).getBytes(StandardCharsets.US_ASCII);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Lookup k = found.get(0);
        boolean match = MessageDigest.isEqual(presentedHash, k.secretHash().getBytes(StandardCharsets.US_ASCII));
        if (!match || k.revoked() || !"ACTIVE".equals(k.tenantStatus())) {
            return Optional.empty();
        }
        if (k.lastUsedAt() == null || k.lastUsedAt().isBefore(Instant.now().minus(LAST_USED_RESOLUTION))) {
            TenantContext.runAs(k.tenantId(), () -> touch(k.keyId()));
        }
        return Optional.of(new Authenticated(k.keyId(), k.tenantId(), k.name(), prefix));
    }

    private record Lookup(UUID keyId, UUID tenantId, String tenantStatus, String name, String secretHash,
            boolean revoked, Instant lastUsedAt) {
    }

    /** Called with the key's tenant in context; a concurrent call of the same minute updates nothing. */
    private void touch(UUID keyId) {
        // its own short transaction (the tenant is copied into app.tenant_id at its start, so RLS lets it through)
        writes.executeWithoutResult(status -> jdbc.update("update api_key set last_used_at = now() "
                + "where tenant_id = ? and id = ? "
                + "and (last_used_at is null or last_used_at < now() - interval '1 minute')",
                TenantContext.require(), keyId));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static boolean covers(NetworkScope s, Row r) {
        return switch (r.view().scopeType()) {
            case TENANT -> s.isWholeTenant();
            case TERRITORY -> s.coversTerritory(r.territoryPath());
            case BRANCHES -> s.coversBranch(r.view().scopeBranchId(), r.branchTerritoryPath());
        };
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        ScopeType type = ScopeType.valueOf(rs.getString("scope_type"));
        String scopeName = switch (type) {
            case TENANT -> null;
            case TERRITORY -> rs.getString("territory_name");
            case BRANCHES -> rs.getString("branch_code") + " · " + rs.getString("branch_name");
        };
        return new Row(new ApiKeyView(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
                type, rs.getObject("scope_territory_id", UUID.class), rs.getObject("scope_branch_id", UUID.class),
                scopeName, rs.getString("created_by"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("last_used_at")), instant(rs.getTimestamp("revoked_at")),
                rs.getString("revoked_by")), rs.getString("territory_path"), rs.getString("branch_territory_path"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String actor() {
        return CurrentUser.find().map(u -> u.displayName() + " <" + u.email() + ">").orElse("Archipel");
    }

    private static String randomPrefix() {
        StringBuilder sb = new StringBuilder(PREFIX_LENGTH);
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            sb.append(PREFIX_ALPHABET[RANDOM.nextInt(PREFIX_ALPHABET.length)]);
        }
        return sb.toString();
    }

    /** 32 random bytes, URL-safe Base64 without padding (43 characters). */
    private static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8))).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
