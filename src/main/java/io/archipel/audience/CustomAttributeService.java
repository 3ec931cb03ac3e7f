package io.archipel.audience;

import java.math.BigDecimal;
import java.sql.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.audience.Contacts.StaleContactException;
import io.archipel.audience.CustomAttributes.AttributeType;
import io.archipel.audience.CustomAttributes.Definition;
import io.archipel.audience.CustomAttributes.Draft;
import io.archipel.audience.csv.CsvValue;
import io.archipel.audience.csv.CsvValues;
import io.archipel.shared.NotFoundException;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.TenantContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The contact attributes HQ declares for the whole network (name, type, allowed values) and the parsing of their
 * values, shared by the contact form, the CSV import, the API and the segment rules. Declaring, changing and removing
 * an attribute needs a whole-network scope; reading the list is open to everyone of the tenant.
 */
@Service
public class CustomAttributeService {

    private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,39}$");

    private final JdbcTemplate jdbc;
    private final CurrentScope scope;

    CustomAttributeService(JdbcTemplate jdbc, CurrentScope scope) {
        this.jdbc = jdbc;
        this.scope = scope;
    }

    @Transactional(readOnly = true)
    public List<Definition> list() {
        return jdbc.query("select * from custom_attribute where tenant_id = ? order by position, key", (rs, i) -> {
            Array values = rs.getArray("allowed_values");
            return new Definition(rs.getString("key"), rs.getString("label"),
                    AttributeType.valueOf(rs.getString("type")),
                    values == null ? List.of() : List.of((String[]) values.getArray()), rs.getInt("position"),
                    rs.getLong("version"));
        }, TenantContext.require());
    }

    @Transactional(readOnly = true)
    public Optional<Definition> find(String key) {
        return list().stream().filter(d -> d.key().equals(key)).findFirst();
    }

    @Transactional(readOnly = true)
    public Definition get(String key) {
        return find(key).orElseThrow(() -> new NotFoundException("custom attribute " + key));
    }

    @Transactional
    public Definition create(Draft draft) {
        requireWholeNetwork();
        String key = draft.key() == null ? "" : draft.key().strip();
        if (!KEY.matcher(key).matches()) {
            throw new InvalidContactException("key", "attribute.key.invalid");
        }
        if (draft.type() == null) {
            throw new InvalidContactException("type", "validation.required");
        }
        String label = label(draft.label());
        List<String> allowed = allowedValues(draft.type(), draft.allowedValues());
        Integer count = jdbc.queryForObject("select count(*) from custom_attribute where tenant_id = ?", Integer.class,
                TenantContext.require());
        if (count != null && count >= CustomAttributes.MAX_ATTRIBUTES) {
            throw new InvalidContactException(null, "attribute.tooMany");
        }
        try {
            jdbc.update(con -> {
                var ps = con.prepareStatement("insert into custom_attribute (tenant_id, key, label, type, allowed_values, "
                        + "position) values (?, ?, ?, ?, ?, (select coalesce(max(position), 0) + 1 from custom_attribute "
                        + "where tenant_id = ?))");
                ps.setObject(1, TenantContext.require());
                ps.setString(2, key);
                ps.setString(3, label);
                ps.setString(4, draft.type().name());
                ps.setArray(5, con.createArrayOf("text", allowed.toArray()));
                ps.setObject(6, TenantContext.require());
                return ps;
            });
        } catch (DuplicateKeyException e) {
            throw new InvalidContactException("key", "attribute.key.taken");
        }
        return get(key);
    }

    /** Changes the label and, for a choice, the allowed values (values already stored stay as they are). */
    @Transactional
    public Definition update(String key, long version, Draft draft) {
        requireWholeNetwork();
        Definition existing = get(key);
        String label = label(draft.label());
        List<String> allowed = allowedValues(existing.type(), draft.allowedValues());
        int n = jdbc.update(con -> {
            var ps = con.prepareStatement("update custom_attribute set label = ?, allowed_values = ?, "
                    + "version = version + 1 where tenant_id = ? and key = ? and version = ?");
            ps.setString(1, label);
            ps.setArray(2, con.createArrayOf("text", allowed.toArray()));
            ps.setObject(3, TenantContext.require());
            ps.setString(4, existing.key());
            ps.setLong(5, version);
            return ps;
        });
        if (n == 0) {
            throw new StaleContactException();
        }
        return get(key);
    }

    /** Removes the attribute and its value from every contact of the network. */
    @Transactional
    public void delete(String key) {
        requireWholeNetwork();
        Definition existing = get(key);
        jdbc.update("update contact set attributes = attributes - ? where tenant_id = ? and jsonb_exists(attributes, ?)",
                existing.key(), TenantContext.require(), existing.key());
        jdbc.update("delete from custom_attribute where tenant_id = ? and key = ?", TenantContext.require(),
                existing.key());
    }

    /**
     * Parses a typed-in value (form, CSV cell, API string) of an attribute into what is stored in JSON: a String, a
     * BigDecimal, an ISO date String, a Boolean, or the allowed value as declared (matched ignoring case). Empty input
     * gives an empty value; bad input an invalid one with an English explanation.
     */
    public static CsvValue<Object> parse(Definition definition, String raw) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) {
            return CsvValue.empty();
        }
        return switch (definition.type()) {
            case TEXT -> s.length() > CustomAttributes.MAX_TEXT_LENGTH
                    ? CsvValue.invalid("longer than " + CustomAttributes.MAX_TEXT_LENGTH + " characters")
                    : CsvValue.of(s);
            case NUMBER -> {
                CsvValue<BigDecimal> n = CsvValues.amount(s);
                yield n.isValid() ? CsvValue.of(n.value()) : CsvValue.invalid(n.problem());
            }
            case DATE -> {
                var d = CsvValues.date(s);
                yield d.isValid() ? CsvValue.of(d.value().toString()) : CsvValue.invalid(d.problem());
            }
            case BOOLEAN -> {
                CsvValue<Boolean> b = CsvValues.bool(s);
                yield b.isValid() ? CsvValue.of(b.value()) : CsvValue.invalid(b.problem());
            }
            case CHOICE -> definition.allowedValues().stream().filter(v -> v.equalsIgnoreCase(s)).findFirst()
                    .<CsvValue<Object>>map(CsvValue::of)
                    .orElseGet(() -> CsvValue.invalid("\"" + s + "\" is not one of " + definition.allowedValues()));
        };
    }

    /**
     * Checks typed-in values by key against the declarations: an unknown key or a bad value gives an
     * {@link InvalidContactException} on field {@code attributes[key]}; empty values are left out.
     */
    @Transactional(readOnly = true)
    public Map<String, Object> parseAll(Map<String, String> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        Map<String, Definition> byKey = new LinkedHashMap<>();
        list().forEach(d -> byKey.put(d.key(), d));
        for (Map.Entry<String, String> e : raw.entrySet()) {
            Definition d = byKey.get(e.getKey());
            if (d == null) {
                throw new InvalidContactException("attributes[" + e.getKey() + "]", "contact.attribute.unknown");
            }
            CsvValue<Object> v = parse(d, e.getValue());
            if (!v.isValid()) {
                throw new InvalidContactException("attributes[" + e.getKey() + "]",
                        "contact.attribute.invalid." + d.type().name().toLowerCase(Locale.ROOT));
            }
            if (!v.isEmpty()) {
                out.put(d.key(), v.value());
            }
        }
        return out;
    }

    private void requireWholeNetwork() {
        if (!scope.get().isWholeTenant()) {
            throw new AccessDeniedInScopeException("custom attributes are declared for the whole network");
        }
    }

    private static String label(String raw) {
        String label = raw == null ? "" : raw.strip();
        if (label.isEmpty()) {
            throw new InvalidContactException("label", "validation.required");
        }
        if (label.length() > 80) {
            throw new InvalidContactException("label", "validation.tooLong");
        }
        return label;
    }

    private static List<String> allowedValues(AttributeType type, List<String> raw) {
        if (type != AttributeType.CHOICE) {
            return List.of();
        }
        LinkedHashSet<String> values = new LinkedHashSet<>();
        if (raw != null) {
            for (String v : raw) {
                String value = v == null ? "" : v.strip();
                if (!value.isEmpty()) {
                    if (value.length() > 80) {
                        throw new InvalidContactException("allowedValues", "attribute.allowedValue.tooLong");
                    }
                    if (values.stream().noneMatch(value::equalsIgnoreCase)) {
                        values.add(value);
                    }
                }
            }
        }
        if (values.isEmpty()) {
            throw new InvalidContactException("allowedValues", "attribute.allowedValues.required");
        }
        if (values.size() > CustomAttributes.MAX_ALLOWED_VALUES) {
            throw new InvalidContactException("allowedValues", "attribute.allowedValues.tooMany");
        }
        return new ArrayList<>(values);
    }
}
