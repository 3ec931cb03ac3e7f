package io.archipel.audience.csv;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Parsers for mapped columns, tolerant of what French spreadsheets write and strict where a guess could be wrong.
 * Blank cells give {@link CsvValue#empty()}; the mapping decides whether a value is required.
 */
public final class CsvValues {

    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 2100;
    public static final int MAX_TAG_LENGTH = 64;

    // day first (French and European order): 15/03/1985, 5/3/1985, 15-03-1985, 15.03.1985, with an optional time
    private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{2,4})(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)?");
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?");
    private static final Pattern AMOUNT = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    private static final Set<String> TRUE = Set.of("oui", "o", "yes", "y", "1", "true", "vrai", "x", "on", "opt-in", "optin");
    private static final Set<String> FALSE = Set.of("non", "n", "no", "0", "false", "faux", "off", "opt-out", "optout");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Regions whose national prefix is a plain "0" dropped before the national number (France and its overseas). */
    static final Set<String> SIMPLE_PREFIX_REGIONS = Set.of("FR", "RE", "GP", "MQ", "GF", "YT", "BE", "CH",
            "DE", "NL", "GB");

    private CsvValues() {
    }

    /** dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or ISO yyyy-mm-dd (a time part, as CRMs add, is ignored). */
    public static CsvValue<LocalDate> date(String cell) {
        String s = cell == null ? "" : cell.strip();
        if (s.isEmpty()) {
            return CsvValue.empty();
        }
        int year;
        int month;
        int day;
        Matcher m = ISO.matcher(s);
        if (m.matches()) {
            year = Integer.parseInt(m.group(1));
            month = Integer.parseInt(m.group(2));
            day = Integer.parseInt(m.group(3));
        } else {
            m = DAY_FIRST.matcher(s);
            if (!m.matches()) {
                return CsvValue.invalid("\"" + s + "\" is not a date (expected dd/mm/yyyy or yyyy-mm-dd)");
            }
            if (m.group(4).length() != 4) {
                return CsvValue.invalid("\"" + s + "\": the year must have 4 digits");
            }
            day = Integer.parseInt(m.group(1));
            month = Integer.parseInt(m.group(3));
            year = Integer.parseInt(m.group(4));
        }
        if (month < 1 || month > 12) {
            return CsvValue.invalid("\"" + s + "\": month " + month + " does not exist (dates are read day first)");
        }
        if (year < MIN_YEAR || year > MAX_YEAR) {
            return CsvValue.invalid("\"" + s + "\": year " + year + " is out of range");
        }
        try {
            return CsvValue.of(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return CsvValue.invalid("\"" + s + "\": day " + day + " does not exist in that month");
        }
    }

    /**
     * An amount with a comma or a dot as decimal separator and spaces, non-breaking spaces, apostrophes or the other
     * separator as thousands separators ("1 234,50", "1.234,50", "1,234.50", "1234.5"); a euro sign or "EUR" is allowed.
     * A single separator followed by exactly three digits ("1,234") is refused as ambiguous (1234 or 1.234?).
     */
    public static CsvValue<BigDecimal> amount(String cell) {
        String s = cell == null ? "" : cell.strip();
        if (s.isEmpty()) {
            return CsvValue.empty();
        }
        String original = s;
        s = s.replace("€", "").replace("EUR", "").replace("eur", "");
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\u00A0' && c != '\u202F' && c != '\'' && c != '\u2009') {
                sb.append(c == '\u2212' ? '-' : c);
            }
        }
        s = sb.toString();
        int lastComma = s.lastIndexOf(',');
        int lastDot = s.lastIndexOf('.');
        if (lastComma >= 0 && lastDot >= 0) {
            char decimal = lastComma > lastDot ? ',' : '.';
            char thousands = decimal == ',' ? '.' : ',';
            String intPart = s.substring(0, Math.max(lastComma, lastDot));
            if (!validGroups(intPart, thousands)) {
                return CsvValue.invalid("\"" + original + "\" is not an amount");
            }
            s = intPart.replace(String.valueOf(thousands), "") + "." + s.substring(Math.max(lastComma, lastDot) + 1);
        } else {
            char sep = lastComma >= 0 ? ',' : '.';
            int count = (int) s.chars().filter(c -> c == sep).count();
            if (count > 1) {
                if (!validGroups(s, sep)) {
                    return CsvValue.invalid("\"" + original + "\" is not an amount");
                }
                s = s.replace(String.valueOf(sep), "");
            } else if (count == 1) {
                int at = s.indexOf(sep);
                if (s.length() - at - 1 == 3 && !s.substring(0, at).replace("-", "").equals("0")) {
                    return CsvValue.invalid("\"" + original + "\" is ambiguous (thousands or decimals?): write 1234 or 1234,00");
                }
                s = s.replace(sep, '.');
            }
        }
        if (!AMOUNT.matcher(s).matches()) {
            return CsvValue.invalid("\"" + original + "\" is not an amount");
        }
        return CsvValue.of(new BigDecimal(s));
    }

    private static boolean validGroups(String intPart, char sep) {
        String[] groups = intPart.split(Pattern.quote(String.valueOf(sep)), -1);
        String head = groups[0].startsWith("-") ? groups[0].substring(1) : groups[0];
        if (head.isEmpty() || head.length() > 3 || !head.chars().allMatch(Character::isDigit)) {
            return false;
        }
        for (int i = 1; i < groups.length; i++) {
            if (groups[i].length() != 3 || !groups[i].chars().allMatch(Character::isDigit)) {
                return false;
            }
        }
        return true;
    }

    /** Yes/no and consent cells: oui/non, yes/no, 1/0, true/false, vrai/faux, x (ticked), o/n, y/n, opt-in/opt-out. */
    public static CsvValue<Boolean> bool(String cell) {
        String s = cell == null ? "" : cell.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return CsvValue.empty();
        }
        if (TRUE.contains(s)) {
            return CsvValue.of(Boolean.TRUE);
        }
        if (FALSE.contains(s)) {
            return CsvValue.of(Boolean.FALSE);
        }
        return CsvValue.invalid("\"" + cell.strip() + "\" is not yes/no (oui/non, 1/0, true/false, x)");
    }

    /** Tags separated by {@code |} or {@code ,}, trimmed, blanks dropped, duplicates (ignoring case) removed. */
    public static CsvValue<List<String>> tags(String cell) {
        String s = cell == null ? "" : cell.strip();
        if (s.isEmpty()) {
            return CsvValue.empty();
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String part : s.split("[|,]")) {
            String tag = Normalizer.normalize(part.strip(), Normalizer.Form.NFC);
            if (tag.isEmpty()) {
                continue;
            }
            if (tag.length() > MAX_TAG_LENGTH) {
                return CsvValue.invalid("tag \"" + tag.substring(0, 20) + "...\" is longer than " + MAX_TAG_LENGTH + " characters");
            }
            if (seen.add(tag.toLowerCase(Locale.ROOT))) {
                out.add(tag);
            }
        }
        return out.isEmpty() ? CsvValue.empty() : CsvValue.of(List.copyOf(out));
    }

    /**
     * A mobile number in E.164 ("+33612345678"), numbers without a country prefix read in {@code region} (ISO 3166
     * alpha-2, e.g. "FR"). Landlines and invalid numbers are refused with a reason.
     */
    public static CsvValue<String> mobile(String cell, String region) {
        String s = cell == null ? "" : cell.strip();
        if (s.isEmpty()) {
            return CsvValue.empty();
        }
        String fast = fastMobile(s, region);
        return fast != null ? CsvValue.of(fast) : parsedMobile(s, region);
    }

    /** The reference path: libphonenumber's full parser (about 10 µs a number, most of an import's parsing time). */
    static CsvValue<String> parsedMobile(String s, String region) {
        PhoneNumber number;
        try {
            number = PHONES.parse(s, region);
        } catch (NumberParseException e) {
            return CsvValue.invalid("\"" + s + "\" is not a phone number");
        }
        // getNumberType does the pattern matching isValidNumber would repeat: UNKNOWN is an invalid number
        PhoneNumberType type = PHONES.getNumberType(number);
        if (type == PhoneNumberType.UNKNOWN || PHONES.getRegionCodeForNumber(number) == null) {
            return CsvValue.invalid("\"" + s + "\" is not a valid phone number");
        }
        if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
            return CsvValue.invalid("\"" + s + "\" is not a mobile number");
        }
        return CsvValue.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    /**
     * The shapes files really hold ("06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78") for countries whose
     * national prefix is a plain "0" ({@link #SIMPLE_PREFIX_REGIONS}): the digits are split by hand instead of by the
     * full parser (about 8x faster), then checked by the same libphonenumber metadata. Returns the E.164 number only
     * when that check says mobile; anything else (other shapes, other countries, invalid or landline numbers) goes
     * through {@link #parsedMobile} so reasons and edge cases stay libphonenumber's.
     */
    static String fastMobile(String s, String region) {
        StringBuilder digits = new StringBuilder(16);
        boolean international = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && i == 0) {
                international = true;
            } else if (c != ' ' && c != '.' && c != '-' && c != '\u00A0') {
                return null;
            }
        }
        if (digits.length() < 6 || digits.length() > 15) {
            return null;
        }
        int countryCode;
        String national;
        if (international) {
            countryCode = 0;
            national = null;
            for (int len = 1; len <= 3; len++) {
                int cc = Integer.parseInt(digits.substring(0, len));
                if (!"ZZ".equals(PHONES.getRegionCodeForCountryCode(cc))) {
                    countryCode = cc;
                    national = digits.substring(len);
                    break;
                }
            }
            if (national == null || national.startsWith("0")
                    || !SIMPLE_PREFIX_REGIONS.contains(PHONES.getRegionCodeForCountryCode(countryCode))) {
                return null;
            }
        } else {
            if (region == null || !SIMPLE_PREFIX_REGIONS.contains(region) || digits.charAt(0) != '0'
                    || digits.charAt(1) == '0') {
                return null;
            }
            countryCode = PHONES.getCountryCodeForRegion(region);
            national = digits.substring(1);
        }
        PhoneNumber number = new PhoneNumber().setCountryCode(countryCode).setNationalNumber(Long.parseLong(national));
        PhoneNumberType type = PHONES.getNumberType(number);
        if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
            return null;
        }
        return "+" + countryCode + national;
    }
}
