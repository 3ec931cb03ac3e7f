package io.archipel.audience.imports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.archipel.audience.ContactImports.ColumnMapping;
import io.archipel.audience.ContactImports.Mapping;
import io.archipel.audience.ContactImports.Target;
import io.archipel.audience.CustomAttributeService;
import io.archipel.audience.CustomAttributes.Definition;
import io.archipel.audience.csv.CsvRejection;
import io.archipel.audience.csv.CsvRow;
import io.archipel.audience.csv.CsvRows;
import io.archipel.audience.csv.CsvValue;
import io.archipel.audience.csv.CsvValues;

/**
 * Turns one CSV row into the values of a contact (or a rejection with a reason key and arguments), with the same rules
 * as the contact form ({@code ContactService}): e-mail format and length, mobile to E.164 in the branch's country,
 * lengths, no birth date in the future, amounts of at most 2 decimals, declared attributes. Thread-confined.
 */
final class RowParser {

    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final int MAX_ARG = 60;
    private static final BigDecimal MAX_SPEND = new BigDecimal("9999999999.99");

    /** Where a multi-branch row goes: the branch and its country (for mobile numbers). */
    record BranchTarget(UUID id, String countryCode) {
    }

    /** A row that passed every check. Null fields are "not given" (an update keeps the stored value). */
    static final class Parsed {
        long line;
        UUID branchId;
        String email;
        String mobile;
        String firstName;
        String lastName;
        LocalDate birthDate;
        String postalCode;
        String city;
        String loyaltyTier;
        LocalDate lastPurchaseDate;
        BigDecimal totalSpend;
        List<String> tags;
        Map<String, Object> attributes;
        Boolean emailConsent;
        Boolean smsConsent;
    }

    /** A rejected row: reason key, its arguments and the original cells. */
    record Rejected(long line, String reasonKey, List<String> args, List<String> cells) {
    }

    private final int[] index = new int[Target.values().length];
    private final List<String> header;
    private final List<int[]> attributeColumns = new ArrayList<>();
    private final List<Definition> attributeDefinitions = new ArrayList<>();
    private final BranchTarget fixedBranch;
    private final Map<String, BranchTarget> branchesByCode;
    private final LocalDate today = LocalDate.now();
    private final int expectedCells;

    /**
     * @param fixedBranch    the branch of a single-branch import, or null for a multi-branch one
     * @param branchesByCode multi-branch: the branches the starter may import into, by upper-case code
     */
    RowParser(Mapping mapping, List<String> header, List<Definition> attributes, BranchTarget fixedBranch,
            Map<String, BranchTarget> branchesByCode) {
        java.util.Arrays.fill(index, -1);
        this.header = header;
        this.expectedCells = header.size();
        for (ColumnMapping c : mapping.columns()) {
            if (c.target() == Target.ATTRIBUTE) {
                Definition d = attributes.stream().filter(a -> a.key().equals(c.attributeKey())).findFirst()
                        .orElseThrow();
                attributeColumns.add(new int[] {c.column()});
                attributeDefinitions.add(d);
            } else if (c.target() != Target.IGNORE) {
                index[c.target().ordinal()] = c.column();
            }
        }
        this.fixedBranch = fixedBranch;
        this.branchesByCode = branchesByCode;
    }

    private String cell(CsvRow row, Target t) {
        int i = index[t.ordinal()];
        if (i < 0) {
            return null;
        }
        String v = row.cell(i).strip();
        return v.isEmpty() ? null : v;
    }

    private String columnName(Target t) {
        int i = index[t.ordinal()];
        return columnName(i);
    }

    private String columnName(int i) {
        return i >= 0 && i < header.size() ? header.get(i) : "#" + (i + 1);
    }

    /** The parsed row, or a {@link Rejected}. */
    Object parse(CsvRow row) {
        if (row.rejected()) {
            return rejected(row, csvReason(row.rejection(), row));
        }
        try {
            return parseValid(row);
        } catch (Reject r) {
            return new Rejected(row.lineNumber(), r.key, r.args, row.cells());
        }
    }

    private Rejected rejected(CsvRow row, Reject r) {
        return new Rejected(row.lineNumber(), r.key, r.args, row.cells());
    }

    private Reject csvReason(CsvRejection rejection, CsvRow row) {
        return switch (rejection.reason()) {
            case WRONG_CELL_COUNT -> new Reject(ImportKeys.CELL_COUNT, String.valueOf(row.cells().size()),
                    String.valueOf(expectedCells));
            case CELL_TOO_LONG -> new Reject(ImportKeys.CELL_TOO_LONG, String.valueOf(CsvRows.MAX_CELL_LENGTH));
            case TOO_MANY_CELLS -> new Reject(ImportKeys.TOO_MANY_CELLS, String.valueOf(CsvRows.MAX_CELLS));
            case NUL_CHARACTER -> new Reject(ImportKeys.NUL);
            case INVALID_ENCODING -> new Reject(ImportKeys.ENCODING);
            case INVALID_VALUE -> new Reject(ImportKeys.INVALID_VALUE, rejection.detail());
        };
    }

    private Parsed parseValid(CsvRow row) {
        Parsed p = new Parsed();
        p.line = row.lineNumber();
        BranchTarget branch = fixedBranch;
        if (branch == null) {
            String code = cell(row, Target.BRANCH_CODE);
            if (code == null) {
                throw new Reject(ImportKeys.BRANCH_MISSING, columnName(Target.BRANCH_CODE));
            }
            branch = branchesByCode.get(code.toUpperCase(Locale.ROOT));
            if (branch == null) {
                throw new Reject(ImportKeys.BRANCH_UNKNOWN, arg(code));
            }
        }
        p.branchId = branch.id();
        String rawEmail = cell(row, Target.EMAIL);
        if (rawEmail != null) {
            String email = rawEmail.toLowerCase(Locale.ROOT);
            if (email.length() > 254) {
                throw new Reject(ImportKeys.TOO_LONG, columnName(Target.EMAIL), "254");
            }
            if (!EMAIL.matcher(email).matches()) {
                throw new Reject(ImportKeys.EMAIL, arg(rawEmail));
            }
            p.email = email;
        }
        String mobile = cell(row, Target.MOBILE);
        if (mobile != null) {
            CsvValue<String> m = CsvValues.mobile(mobile, branch.countryCode() == null ? "FR"
                    : branch.countryCode().toUpperCase(Locale.ROOT));
            if (!m.isValid()) {
                throw new Reject(ImportKeys.MOBILE, arg(mobile));
            }
            p.mobile = m.value();
        }
        if (p.email == null && p.mobile == null) {
            throw new Reject(ImportKeys.REACHABLE);
        }
        p.firstName = text(row, Target.FIRST_NAME, 100);
        p.lastName = text(row, Target.LAST_NAME, 100);
        p.postalCode = text(row, Target.POSTAL_CODE, 20);
        p.city = text(row, Target.CITY, 120);
        p.loyaltyTier = text(row, Target.LOYALTY_TIER, 40);
        p.birthDate = date(row, Target.BIRTH_DATE, today);
        p.lastPurchaseDate = date(row, Target.LAST_PURCHASE_DATE, today.plusDays(1));
        String spend = cell(row, Target.TOTAL_SPEND);
        if (spend != null) {
            CsvValue<BigDecimal> v = CsvValues.amount(spend);
            if (!v.isValid()) {
                throw new Reject(ImportKeys.AMOUNT, columnName(Target.TOTAL_SPEND), arg(spend));
            }
            BigDecimal d = v.value();
            if (d.signum() < 0 || d.compareTo(MAX_SPEND) > 0 || d.stripTrailingZeros().scale() > 2) {
                throw new Reject(ImportKeys.AMOUNT_RANGE, columnName(Target.TOTAL_SPEND), arg(spend));
            }
            p.totalSpend = d.scale() > 2 ? d.setScale(2) : d;
        }
        String tags = cell(row, Target.TAGS);
        if (tags != null) {
            CsvValue<List<String>> v = CsvValues.tags(tags);
            if (!v.isValid()) {
                throw new Reject(ImportKeys.TAG_TOO_LONG, "40");
            }
            if (v.value() != null) {
                for (String t : v.value()) {
                    if (t.length() > 40) {
                        throw new Reject(ImportKeys.TAG_TOO_LONG, "40");
                    }
                }
                p.tags = v.value();
            }
        }
        p.emailConsent = consent(row, Target.EMAIL_CONSENT);
        p.smsConsent = consent(row, Target.SMS_CONSENT);
        for (int k = 0; k < attributeColumns.size(); k++) {
            int col = attributeColumns.get(k)[0];
            String raw = row.cell(col);
            Definition d = attributeDefinitions.get(k);
            CsvValue<Object> v = CustomAttributeService.parse(d, raw);
            if (!v.isValid()) {
                throw new Reject(ImportKeys.ATTRIBUTE, columnName(col), arg(raw.strip()));
            }
            if (!v.isEmpty()) {
                if (p.attributes == null) {
                    p.attributes = new LinkedHashMap<>();
                }
                p.attributes.put(d.key(), v.value());
            }
        }
        return p;
    }

    private String text(CsvRow row, Target t, int max) {
        String v = cell(row, t);
        if (v != null && v.length() > max) {
            throw new Reject(ImportKeys.TOO_LONG, columnName(t), String.valueOf(max));
        }
        return v;
    }

    private LocalDate date(CsvRow row, Target t, LocalDate latest) {
        String v = cell(row, t);
        if (v == null) {
            return null;
        }
        CsvValue<LocalDate> d = CsvValues.date(v);
        if (!d.isValid()) {
            throw new Reject(ImportKeys.DATE, columnName(t), arg(v));
        }
        if (d.value().isAfter(latest)) {
            throw new Reject(ImportKeys.FUTURE_DATE, columnName(t), arg(v));
        }
        return d.value();
    }

    private Boolean consent(CsvRow row, Target t) {
        String v = cell(row, t);
        if (v == null) {
            return null;
        }
        CsvValue<Boolean> b = CsvValues.bool(v);
        if (!b.isValid()) {
            throw new Reject(ImportKeys.CONSENT, columnName(t), arg(v));
        }
        return b.value();
    }

    /** A cell value quoted in a reason, cut to {@link #MAX_ARG} characters. */
    static String arg(String value) {
        return value.length() > MAX_ARG ? value.substring(0, MAX_ARG) + "…" : value;
    }

    /** Thrown inside {@link #parseValid} to reject the row (cheap: no stack trace). */
    private static final class Reject extends RuntimeException {
        final String key;
        final List<String> args;

        Reject(String key, String... args) {
            super(key, null, false, false);
            this.key = key;
            this.args = List.of(args);
        }
    }
}
