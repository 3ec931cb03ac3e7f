package io.archipel.audience;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentEvent;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.Contact;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.Contacts.Filter;
import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.audience.Contacts.Page;
import io.archipel.audience.Contacts.StaleContactException;
import io.archipel.audience.Contacts.Suppression;
import io.archipel.audience.Contacts.SuppressionReason;
import io.archipel.identity.CurrentUser;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A branch's contacts, their consent (immutable events, the latest per channel is the current state), the
 * tenant-wide suppression list and the GDPR export / erasure. Every read and write checks that the contact's branch
 * is in the caller's scope ({@link BranchService#get}: 404 for an unknown branch, 403 outside the scope); a contact
 * of another tenant is invisible through row-level security (404).
 */
@Service
public class ContactService {

    public static final int PAGE_SIZE = 20;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final String SORT_KEY = "lower(coalesce(c.last_name, '')), lower(coalesce(c.first_name, '')), c.id";
    private static final String SELECT = "select c.*, b.code as branch_code, b.name as branch_name "
            + "from contact c join branch b on b.tenant_id = c.tenant_id and b.id = c.branch_id ";
    /** The expression the trigram index of V9 covers: a contains-search over it stays an index scan. */
    private static final String SEARCH_TEXT = "lower(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '') "
            + "|| ' ' || coalesce(c.email, '') || ' ' || coalesce(c.city, ''))";

    private final JdbcTemplate jdbc;
    private final BranchService branches;
    private final JsonMapper json;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    private final CustomAttributeService attributes;

    ContactService(JdbcTemplate jdbc, BranchService branches, JsonMapper json, CustomAttributeService attributes) {
        this.jdbc = jdbc;
        this.branches = branches;
        this.json = json;
        this.attributes = attributes;
    }

    // ---------------------------------------------------------------- contacts

    @Transactional
    public UUID create(UUID branchId, ContactData data) {
        BranchService.BranchView branch = branches.get(branchId);
        Clean c = clean(data, branch.countryCode());
        requireEmailFree(branchId, c.email, null);
        UUID id = UUID.randomUUID();
        try {
            jdbc.update("insert into contact (tenant_id, id, branch_id, email, mobile, first_name, last_name, birth_date, "
                    + "postal_code, city, loyalty_tier, last_purchase_date, total_spend, tags, attributes) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)",
                    ps -> {
                        ps.setObject(1, TenantContext.require());
                        ps.setObject(2, id);
                        ps.setObject(3, branchId);
                        bind(ps, 4, c, ps.getConnection().createArrayOf("text", c.tags.toArray()));
                        ps.setString(15, json.writeValueAsString(c.attributes == null ? Map.of() : c.attributes));
                    });
        } catch (DuplicateKeyException e) {
            throw new InvalidContactException("email", "contact.email.taken");
        }
        return id;
    }

    @Transactional
    public void update(UUID contactId, long version, ContactData data) {
        Contact existing = get(contactId);
        if (existing.erased()) {
            throw new InvalidContactException(null, "contact.erased.readOnly");
        }
        Clean c = clean(data, branches.get(existing.branchId()).countryCode());
        requireEmailFree(existing.branchId(), c.email, contactId);
        int n;
        try {
            n = jdbc.update("update contact set email = ?, mobile = ?, first_name = ?, last_name = ?, birth_date = ?, "
                    + "postal_code = ?, city = ?, loyalty_tier = ?, last_purchase_date = ?, total_spend = ?, tags = ?, "
                    + "attributes = coalesce(?::jsonb, attributes), "
                    + "updated_at = now(), version = version + 1 where tenant_id = ? and id = ? and version = ?",
                    ps -> {
                        bind(ps, 1, c, ps.getConnection().createArrayOf("text", c.tags.toArray()));
                        ps.setString(12, c.attributes == null ? null : json.writeValueAsString(c.attributes));
                        ps.setObject(13, TenantContext.require());
                        ps.setObject(14, contactId);
                        ps.setLong(15, version);
                    });
        } catch (DuplicateKeyException e) {
            throw new InvalidContactException("email", "contact.email.taken");
        }
        if (n == 0) {
            throw new StaleContactException();
        }
    }

    @Transactional
    public void delete(UUID contactId) {
        get(contactId);
        jdbc.update("delete from contact where tenant_id = ? and id = ?", TenantContext.require(), contactId);
    }

    /** A contact whose branch is in the caller's scope. */
    @Transactional(readOnly = true)
    public Contact get(UUID contactId) {
        List<Contact> found = jdbc.query(SELECT + "where c.tenant_id = ? and c.id = ?", this::contact,
                TenantContext.require(), contactId);
        if (found.isEmpty()) {
            throw new NotFoundException("Contact");
        }
        branches.get(found.get(0).branchId()); // 403 outside the scope
        return found.get(0);
    }

    /** Whether another (non-erased) contact of the branch already uses this e-mail. */
    @Transactional(readOnly = true)
    public boolean emailTaken(UUID branchId, String email, UUID exceptContactId) {
        if (email == null || email.isBlank()) {
            return false;
        }
        branches.get(branchId);
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from contact where tenant_id = ? "
                + "and branch_id = ? and lower(email) = lower(?) and erased_at is null and (?::uuid is null or id <> ?))",
                Boolean.class, TenantContext.require(), branchId, email.strip(), exceptContactId, exceptContactId));
    }

    /** One page of a branch's contacts (erased ones left out), ordered by last name, first name. */
    @Transactional(readOnly = true)
    public Page list(UUID branchId, Filter filter, String cursor, int pageSize) {
        branches.get(branchId);
        return page("c.branch_id = ?", List.of(branchId), filter, cursor, pageSize);
    }

    /** One page of the contacts of every branch in the caller's scope. */
    @Transactional(readOnly = true)
    public Page listInScope(Filter filter, String cursor, int pageSize) {
        UUID[] ids = branches.visibleBranches().stream().map(BranchService.BranchView::id).toArray(UUID[]::new);
        if (ids.length == 0) {
            return new Page(List.of(), null, null);
        }
        return page("c.branch_id = any(?)", List.of((Object) ids), filter, cursor, pageSize);
    }

    private Page page(String branchCondition, List<Object> branchArgs, Filter filter, String cursor, int pageSize) {
        int size = Math.max(1, Math.min(pageSize, 100));
        StringBuilder where = new StringBuilder("where c.tenant_id = ? and c.erased_at is null and " + branchCondition);
        List<Object> args = new ArrayList<>();
        args.add(TenantContext.require());
        args.addAll(branchArgs);
        filterConditions(filter == null ? Filter.none() : filter, where, args);
        Cursor at = Cursor.decode(cursor);
        boolean backwards = at != null && at.backwards;
        if (at != null) {
            where.append(" and (lower(coalesce(c.last_name, '')), lower(coalesce(c.first_name, '')), c.id) ")
                    .append(backwards ? "<" : ">").append(" (?, ?, ?::uuid)");
            args.add(at.last);
            args.add(at.first);
            args.add(at.id);
        }
        String order = backwards ? "lower(coalesce(c.last_name, '')) desc, lower(coalesce(c.first_name, '')) desc, c.id desc"
                : SORT_KEY;
        args.add(size + 1);
        List<Contact> rows = new ArrayList<>(jdbc.query(SELECT + where + " order by " + order + " limit ?",
                this::contact, args.toArray()));
        boolean more = rows.size() > size;
        if (more) {
            rows.remove(rows.size() - 1);
        }
        if (backwards) {
            Collections.reverse(rows);
        }
        if (rows.isEmpty()) {
            return new Page(rows, null, null);
        }
        boolean hasNext = backwards || more;
        boolean hasPrevious = backwards ? more : at != null;
        return new Page(rows, hasNext ? Cursor.of(rows.get(rows.size() - 1), false) : null,
                hasPrevious ? Cursor.of(rows.get(0), true) : null);
    }

    private record Cursor(boolean backwards, String last, String first, UUID id) {

        static String of(Contact c, boolean backwards) {
            String raw = (backwards ? "b" : "a") + "\u001f" + lower(c.lastName()) + "\u001f" + lower(c.firstName())
                    + "\u001f" + c.id();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                        .split("\u001f", -1);
                return new Cursor("b".equals(parts[0]), parts[1], parts[2], UUID.fromString(parts[3]));
            } catch (RuntimeException e) {
                return null; // a damaged cursor starts again from the first page
            }
        }

        private static String lower(String s) {
            return s == null ? "" : s.toLowerCase(Locale.ROOT);
        }
    }

    // ---------------------------------------------------------------- consent

    @Transactional
    public void recordConsent(UUID contactId, Channel channel, ConsentState state, ConsentSource source, String proof) {
        Contact contact = get(contactId);
        if (contact.erased()) {
            throw new InvalidContactException(null, "contact.erased.readOnly");
        }
        if (channel == null || state == null || source == null) {
            throw new InvalidContactException(channel == null ? "channel" : state == null ? "state" : "source",
                    "validation.required");
        }
        String cleanProof = proof == null || proof.isBlank() ? null : proof.strip();
        if (cleanProof != null && cleanProof.length() > 2000) {
            throw new InvalidContactException("proof", "contact.proof.tooLong");
        }
        jdbc.update("insert into consent_event (tenant_id, id, contact_id, channel, state, source, actor, proof) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?)", TenantContext.require(), UUID.randomUUID(), contactId,
                channel.name(), state.name(), source.name(), actor(), cleanProof);
    }

    /** The current state of a channel: the latest event's, or null (no consent) without any event. */
    @Transactional(readOnly = true)
    public ConsentState currentConsent(UUID contactId, Channel channel) {
        Contact c = get(contactId);
        return channel == Channel.EMAIL ? c.emailConsent() : c.smsConsent();
    }

    /** The consent history of a contact, newest first. */
    @Transactional(readOnly = true)
    public List<ConsentEvent> consentHistory(UUID contactId) {
        get(contactId);
        return jdbc.query("select * from consent_event where tenant_id = ? and contact_id = ? order by at desc, id desc",
                (rs, i) -> new ConsentEvent(rs.getObject("id", UUID.class), Channel.valueOf(rs.getString("channel")),
                        ConsentState.valueOf(rs.getString("state")), ConsentSource.valueOf(rs.getString("source")),
                        rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("proof")),
                TenantContext.require(), contactId);
    }

    // ---------------------------------------------------------------- suppression

    /** Suppresses an e-mail address and/or a mobile number everywhere in the tenant (idempotent). */
    @Transactional
    public void suppress(String email, String mobile, SuppressionReason reason) {
        String emailHash = email == null || email.isBlank() ? null : emailHash(email);
        String phoneHash = mobile == null || mobile.isBlank() ? null : sha256(mobile.strip());
        if (emailHash == null && phoneHash == null) {
            throw new InvalidContactException("email", "validation.required");
        }
        if (email != null && !email.isBlank() && !EMAIL.matcher(email.strip()).matches()) {
            throw new InvalidContactException("email", "validation.email");
        }
        UUID tenantId = TenantContext.require();
        if (emailHash != null) {
            jdbc.update("insert into suppression (tenant_id, id, email_hash, reason, actor) values (?, ?, ?, ?, ?) "
                    + "on conflict (tenant_id, email_hash) where email_hash is not null do nothing",
                    tenantId, UUID.randomUUID(), emailHash, reason.name(), actor());
        }
        if (phoneHash != null) {
            jdbc.update("insert into suppression (tenant_id, id, phone_hash, reason, actor) values (?, ?, ?, ?, ?) "
                    + "on conflict (tenant_id, phone_hash) where phone_hash is not null do nothing",
                    tenantId, UUID.randomUUID(), phoneHash, reason.name(), actor());
        }
    }

    /** Whether sending to this e-mail address or this E.164 mobile number is forbidden in the tenant. */
    @Transactional(readOnly = true)
    public boolean isSuppressed(String email, String mobile) {
        String emailHash = email == null || email.isBlank() ? null : emailHash(email);
        String phoneHash = mobile == null || mobile.isBlank() ? null : sha256(mobile.strip());
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from suppression where tenant_id = ? "
                + "and (email_hash = ? or phone_hash = ?))", Boolean.class, TenantContext.require(), emailHash,
                phoneHash));
    }

    /** The suppression list, newest first (at most {@code limit} entries). */
    @Transactional(readOnly = true)
    public List<Suppression> suppressions(int limit) {
        return jdbc.query("select * from suppression where tenant_id = ? order by at desc, id limit ?",
                (rs, i) -> new Suppression(rs.getObject("id", UUID.class), rs.getString("email_hash"),
                        rs.getString("phone_hash"), SuppressionReason.valueOf(rs.getString("reason")),
                        rs.getTimestamp("at").toInstant(), rs.getString("actor")),
                TenantContext.require(), limit);
    }

    public static String emailHash(String email) {
        return sha256(email.strip().toLowerCase(Locale.ROOT));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- GDPR

    /** Everything stored about one contact, as JSON (data, consent history, suppression status). */
    @Transactional(readOnly = true)
    public String exportJson(UUID contactId) {
        Contact c = get(contactId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("branch", Map.of("code", c.branchCode(), "name", c.branchName()));
        out.put("email", c.email());
        out.put("mobile", c.mobile());
        out.put("firstName", c.firstName());
        out.put("lastName", c.lastName());
        out.put("birthDate", c.birthDate() == null ? null : c.birthDate().toString());
        out.put("postalCode", c.postalCode());
        out.put("city", c.city());
        out.put("loyaltyTier", c.loyaltyTier());
        out.put("lastPurchaseDate", c.lastPurchaseDate() == null ? null : c.lastPurchaseDate().toString());
        out.put("totalSpend", c.totalSpend());
        out.put("tags", c.tags());
        out.put("attributes", c.attributes());
        out.put("createdAt", c.createdAt().toString());
        out.put("updatedAt", c.updatedAt().toString());
        out.put("erasedAt", c.erasedAt() == null ? null : c.erasedAt().toString());
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("EMAIL", c.emailConsent() == null ? "NONE" : c.emailConsent().name());
        current.put("SMS", c.smsConsent() == null ? "NONE" : c.smsConsent().name());
        out.put("currentConsent", current);
        List<Map<String, Object>> history = new ArrayList<>();
        for (ConsentEvent e : consentHistory(contactId)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("channel", e.channel().name());
            m.put("state", e.state().name());
            m.put("source", e.source().name());
            m.put("at", e.at().toString());
            m.put("actor", e.actor());
            m.put("proof", e.proof());
            history.add(m);
        }
        out.put("consentHistory", history);
        out.put("suppressed", !c.erased() && isSuppressed(c.email(), c.mobile()));
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(out);
    }

    /**
     * Erases a contact's personal data (the row stays, blanked, with its erasure time and consent history) and
     * suppresses its e-mail address and mobile number with reason ERASED, so a re-import never mails them again.
     */
    @Transactional
    public void erase(UUID contactId) {
        Contact c = get(contactId);
        if (c.erased()) {
            return;
        }
        if (c.email() != null || c.mobile() != null) {
            suppress(c.email(), c.mobile(), SuppressionReason.ERASED);
        }
        jdbc.update("update contact set email = null, mobile = null, first_name = null, last_name = null, "
                + "birth_date = null, postal_code = null, city = null, loyalty_tier = null, last_purchase_date = null, "
                + "total_spend = null, tags = '{}', attributes = '{}', erased_at = now(), updated_at = now(), "
                + "version = version + 1 where tenant_id = ? and id = ?", TenantContext.require(), contactId);
    }

    // ---------------------------------------------------------------- helpers

    /** The E.164 form of a mobile number typed in the branch's country, or an {@link InvalidContactException}. */
    public String normaliseMobile(String raw, String countryCode) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            Phonenumber.PhoneNumber number = phones.parse(raw.strip(),
                    countryCode == null || countryCode.isBlank() ? "FR" : countryCode.toUpperCase(Locale.ROOT));
            if (!phones.isValidNumber(number)) {
                throw new InvalidContactException("mobile", "contact.mobile.invalid");
            }
            return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new InvalidContactException("mobile", "contact.mobile.invalid");
        }
    }

    private record Clean(String email, String mobile, String firstName, String lastName, java.time.LocalDate birthDate,
            String postalCode, String city, String loyaltyTier, java.time.LocalDate lastPurchaseDate,
            BigDecimal totalSpend, List<String> tags, Map<String, Object> attributes) {
    }

    private Clean clean(ContactData d, String countryCode) {
        String email = blankToNull(d.email());
        if (email != null) {
            email = email.toLowerCase(Locale.ROOT);
            if (email.length() > 254) {
                throw new InvalidContactException("email", "contact.tooLong254");
            }
            if (!EMAIL.matcher(email).matches()) {
                throw new InvalidContactException("email", "validation.email");
            }
        }
        String mobile = normaliseMobile(d.mobile(), countryCode);
        if (email == null && mobile == null) {
            throw new InvalidContactException("email", "contact.reachable.required");
        }
        if (d.birthDate() != null && d.birthDate().isAfter(java.time.LocalDate.now())) {
            throw new InvalidContactException("birthDate", "contact.date.future");
        }
        if (d.lastPurchaseDate() != null && d.lastPurchaseDate().isAfter(java.time.LocalDate.now().plusDays(1))) {
            throw new InvalidContactException("lastPurchaseDate", "contact.date.future");
        }
        if (d.totalSpend() != null && (d.totalSpend().signum() < 0
                || d.totalSpend().compareTo(new BigDecimal("9999999999.99")) > 0 || d.totalSpend().scale() > 2)) {
            throw new InvalidContactException("totalSpend", "contact.totalSpend.invalid");
        }
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        if (d.tags() != null) {
            for (String t : d.tags()) {
                String tag = blankToNull(t);
                if (tag != null) {
                    if (tag.length() > 40) {
                        throw new InvalidContactException("tags", "contact.tag.tooLong");
                    }
                    tags.add(tag);
                }
            }
        }
        return new Clean(email, mobile, limit(d.firstName(), 100, "firstName"), limit(d.lastName(), 100, "lastName"),
                d.birthDate(), limit(d.postalCode(), 20, "postalCode"), limit(d.city(), 120, "city"),
                limit(d.loyaltyTier(), 40, "loyaltyTier"), d.lastPurchaseDate(), d.totalSpend(), List.copyOf(tags),
                d.attributes() == null ? null : attributes.parseAll(d.attributes()));
    }

    private static String limit(String value, int max, String field) {
        String v = blankToNull(value);
        if (v != null && v.length() > max) {
            throw new InvalidContactException(field, "contact.tooLong" + max);
        }
        return v;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private void requireEmailFree(UUID branchId, String email, UUID exceptId) {
        if (emailTaken(branchId, email, exceptId)) {
            throw new InvalidContactException("email", "contact.email.taken");
        }
    }

    private static void bind(java.sql.PreparedStatement ps, int from, Clean c, Array tags) throws SQLException {
        ps.setString(from, c.email);
        ps.setString(from + 1, c.mobile);
        ps.setString(from + 2, c.firstName);
        ps.setString(from + 3, c.lastName);
        ps.setObject(from + 4, c.birthDate == null ? null : Date.valueOf(c.birthDate), java.sql.Types.DATE);
        ps.setString(from + 5, c.postalCode);
        ps.setString(from + 6, c.city);
        ps.setString(from + 7, c.loyaltyTier);
        ps.setObject(from + 8, c.lastPurchaseDate == null ? null : Date.valueOf(c.lastPurchaseDate),
                java.sql.Types.DATE);
        ps.setBigDecimal(from + 9, c.totalSpend);
        ps.setArray(from + 10, tags);
    }

    private Contact contact(ResultSet rs, int row) throws SQLException {
        Array tags = rs.getArray("tags");
        Date birth = rs.getDate("birth_date");
        Date purchase = rs.getDate("last_purchase_date");
        Timestamp erased = rs.getTimestamp("erased_at");
        String email = rs.getString("email_consent");
        String sms = rs.getString("sms_consent");
        return new Contact(rs.getObject("id", UUID.class), rs.getObject("branch_id", UUID.class),
                rs.getString("branch_code"), rs.getString("branch_name"), rs.getString("email"),
                rs.getString("mobile"), rs.getString("first_name"), rs.getString("last_name"),
                birth == null ? null : birth.toLocalDate(), rs.getString("postal_code"), rs.getString("city"),
                rs.getString("loyalty_tier"), purchase == null ? null : purchase.toLocalDate(),
                rs.getBigDecimal("total_spend"), tags == null ? List.of() : List.of((String[]) tags.getArray()),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"), erased == null ? null : erased.toInstant(),
                email == null ? null : ConsentState.valueOf(email), sms == null ? null : ConsentState.valueOf(sms),
                attributes(rs.getString("attributes")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> attributes(String jsonb) {
        return jsonb == null || jsonb.isBlank() ? Map.of()
                : Collections.unmodifiableMap(json.readValue(jsonb, LinkedHashMap.class));
    }

    private static String actor() {
        return CurrentUser.find().map(u -> u.displayName() + " <" + u.email() + ">").orElse("Archipel");
    }

    // ---- api (api helper): lookups the REST API needs (/api/v1/contacts)

    /** The id of the current tenant's branch with this code (ignoring case), whatever the caller's scope. */
    @Transactional(readOnly = true)
    public java.util.Optional<UUID> branchIdByCode(String code) {
        if (code == null || code.isBlank()) {
            return java.util.Optional.empty();
        }
        return jdbc.queryForList("select id from branch where tenant_id = ? and lower(code) = lower(?)", UUID.class,
                TenantContext.require(), code.strip()).stream().findFirst();
    }

    /**
     * The (non-erased) contacts of a branch in scope with this e-mail (ignoring case) or, when no e-mail is given,
     * this mobile number (already in E.164), oldest first; 404/403 for the branch as everywhere.
     */
    @Transactional(readOnly = true)
    public List<Contact> findInBranch(UUID branchId, String email, String mobileE164) {
        branches.get(branchId);
        return findIn("c.branch_id = ?", branchId, email, mobileE164);
    }

    /** As {@link #findInBranch} across every branch of the caller's scope. */
    @Transactional(readOnly = true)
    public List<Contact> findInScope(String email, String mobileE164) {
        UUID[] ids = branches.visibleBranches().stream().map(BranchService.BranchView::id).toArray(UUID[]::new);
        return ids.length == 0 ? List.of() : findIn("c.branch_id = any(?)", ids, email, mobileE164);
    }

    private List<Contact> findIn(String branchCondition, Object branchArg, String email, String mobileE164) {
        boolean byEmail = email != null && !email.isBlank();
        if (!byEmail && (mobileE164 == null || mobileE164.isBlank())) {
            return List.of();
        }
        return jdbc.query(SELECT + "where c.tenant_id = ? and " + branchCondition + " and c.erased_at is null and "
                + (byEmail ? "lower(c.email) = lower(?)" : "c.mobile = ?") + " order by c.created_at, c.id limit 20",
                this::contact, TenantContext.require(), branchArg, byEmail ? email.strip() : mobileE164);
    }
    // ---- end api (api helper)
    // ---- export (import-ui)

    /**
     * Hands every non-erased contact matching {@code filter} to {@code sink}, in list order (last name, first name):
     * the contacts of one branch, or with {@code branchId} null those of every branch in the caller's scope. One
     * forward-only query read with a fetch size inside one read-only transaction (a cursor on the server), so memory
     * does not grow with the directory and a 200,000-contact export is one scan, not thousands of page queries. The
     * scope is checked once, like {@link #list} / {@link #listInScope}; the filter means what it means there.
     */
    @Transactional(readOnly = true)
    public void forEachForExport(UUID branchId, Filter filter, java.util.function.Consumer<Contact> sink) {
        StringBuilder where = new StringBuilder("where c.tenant_id = ? and c.erased_at is null and ");
        List<Object> args = new ArrayList<>();
        args.add(TenantContext.require());
        if (branchId != null) {
            branches.get(branchId);
            where.append("c.branch_id = ?");
            args.add(branchId);
        } else {
            UUID[] ids = branches.visibleBranches().stream().map(BranchService.BranchView::id).toArray(UUID[]::new);
            if (ids.length == 0) {
                return;
            }
            where.append("c.branch_id = any(?)");
            args.add(ids);
        }
        filterConditions(filter == null ? Filter.none() : filter, where, args);
        String sql = SELECT + where + " order by " + SORT_KEY;
        jdbc.query(con -> {
            java.sql.PreparedStatement ps = con.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(500);
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof UUID[] ids) {
                    ps.setArray(i + 1, con.createArrayOf("uuid", ids));
                } else {
                    ps.setObject(i + 1, arg);
                }
            }
            return ps;
        }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> sink.accept(contact(rs, 0)));
    }

    /** The conditions of a list filter, shared by the paged list and the export. */
    private static final java.util.regex.Pattern PHONE_LIKE = java.util.regex.Pattern.compile("[+0-9 .()\\-]+");

    private static void filterConditions(Filter f, StringBuilder where, List<Object> args) {
        if (f.query() != null && !f.query().isBlank()) {
            List<String> words = List.of(f.query().strip().toLowerCase(Locale.ROOT).split("\\s+"));
            where.append(" and ((");
            for (int i = 0; i < words.size(); i++) {
                where.append(i == 0 ? "" : " and ").append(SEARCH_TEXT).append(" like ?");
                args.add("%" + words.get(i).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            }
            where.append(")");
            // a phone number as people type it ("06 12 34…", "+33 6…"): the digits of a word such as an address
            // or a code ("expaa3b4") must not match every mobile containing them
            String digits = f.query().replaceAll("[^0-9]", "").replaceFirst("^0", "");
            if (digits.length() >= 3 && PHONE_LIKE.matcher(f.query().strip()).matches()) {
                where.append(" or c.mobile like ?");
                args.add("%" + digits + "%");
            }
            where.append(")");
        }
        if (f.emailConsent() != null) {
            where.append(" and coalesce(c.email_consent, 'WITHDRAWN') = ?");
            args.add(f.emailConsent().name());
        }
        if (f.smsConsent() != null) {
            where.append(" and coalesce(c.sms_consent, 'WITHDRAWN') = ?");
            args.add(f.smsConsent().name());
        }
        if (f.loyaltyTier() != null && !f.loyaltyTier().isBlank()) {
            where.append(" and lower(c.loyalty_tier) = lower(?)");
            args.add(f.loyaltyTier().strip());
        }
        if (f.tag() != null && !f.tag().isBlank()) {
            where.append(" and ? = any(c.tags)");
            args.add(f.tag().strip());
        }
    }
    // ---- end export (import-ui)
}
