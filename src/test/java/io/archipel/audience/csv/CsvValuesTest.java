package io.archipel.audience.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CsvValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "15/03/1985|1985-03-15",
            "5/3/1985|1985-03-05",
            "05/03/1985|1985-03-05",
            "15-03-1985|1985-03-15",
            "15.03.1985|1985-03-15",
            "1985-03-15|1985-03-15",
            "1985-3-5|1985-03-05",
            "29/02/2024|2024-02-29",
            "15/03/1985 00:00|1985-03-15",
            "1985-03-15T00:00:00Z|1985-03-15",
            " 15/03/1985 |1985-03-15"})
    void datesAccepted(String cell, LocalDate expected) {
        CsvValue<LocalDate> v = CsvValues.date(cell);
        assertThat(v.isValid()).isTrue();
        assertThat(v.value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "31/02/2026|day 31 does not exist",
            "29/02/2025|day 29 does not exist",
            "03/15/1985|month 15 does not exist",
            "15/03/85|4 digits",
            "15/03-1985|not a date",
            "1985/03/15|not a date",
            "hier|not a date",
            "15/03/0985|out of range",
            "2026-13-01|month 13"})
    void datesRefusedWithAReason(String cell, String reason) {
        CsvValue<LocalDate> v = CsvValues.date(cell);
        assertThat(v.isValid()).isFalse();
        assertThat(v.value()).isNull();
        assertThat(v.problem()).contains(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 234,50|1234.50",
            "1\u00A0234,50|1234.50",
            "1\u202F234,50|1234.50",
            "1234.50|1234.50",
            "1234,5|1234.5",
            "1.234,50|1234.50",
            "1,234.50|1234.50",
            "1 234 567,89 €|1234567.89",
            "12,00 EUR|12.00",
            "0,500|0.500",
            "-12,50|-12.50",
            "42|42",
            "1.234.567|1234567"})
    void amountsAccepted(String cell, BigDecimal expected) {
        CsvValue<BigDecimal> v = CsvValues.amount(cell);
        assertThat(v.problem()).isNull();
        assertThat(v.value()).isEqualByComparingTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1,234|ambiguous",
            "1.234|ambiguous",
            "12,34,5|not an amount",
            "abc|not an amount",
            "1.23.4,5|not an amount",
            "12,5.0|not an amount"})
    void amountsRefusedWithAReason(String cell, String reason) {
        assertThat(CsvValues.amount(cell).problem()).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oui", "OUI", "Yes", "y", "o", "1", "true", "TRUE", "vrai", "x", "X", " oui "})
    void consentYes(String cell) {
        assertThat(CsvValues.bool(cell).value()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"non", "Non", "no", "n", "0", "false", "faux"})
    void consentNo(String cell) {
        assertThat(CsvValues.bool(cell).value()).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void blankCellsAreEmptyNotInvalid(String cell) {
        assertThat(CsvValues.bool(cell).isEmpty()).isTrue();
        assertThat(CsvValues.date(cell).isEmpty()).isTrue();
        assertThat(CsvValues.amount(cell).isEmpty()).isTrue();
        assertThat(CsvValues.mobile(cell, "FR").isEmpty()).isTrue();
        assertThat(CsvValues.tags(cell).isEmpty()).isTrue();
    }

    @Test
    void consentOtherValuesAreRefused() {
        assertThat(CsvValues.bool("peut-être").problem()).contains("not yes/no");
    }

    @Test
    void tagsSplitByPipeOrComma() {
        assertThat(CsvValues.tags("vip|noël| fidèle ").value()).containsExactly("vip", "noël", "fidèle");
        assertThat(CsvValues.tags("vip, noël,,VIP").value()).containsExactly("vip", "noël");
        assertThat(CsvValues.tags(" | , ").isEmpty()).isTrue();
        assertThat(CsvValues.tags("x".repeat(65)).problem()).contains("longer than 64");
        assertThat(CsvValues.tags("a|b").value()).isEqualTo(List.of("a", "b"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "06 12 34 56 78|FR|+33612345678",
            "06.12.34.56.78|FR|+33612345678",
            "0612345678|FR|+33612345678",
            "+33 6 12 34 56 78|FR|+33612345678",
            "+33 (0)6 12 34 56 78|FR|+33612345678",
            "0033612345678|FR|+33612345678",
            "07 81 23 45 67|FR|+33781234567",
            "+32 470 12 34 56|FR|+32470123456",
            "0470 12 34 56|BE|+32470123456",
            "0692 12 34 56|RE|+262692123456"})
    void mobilesToE164(String cell, String region, String expected) {
        assertThat(CsvValues.mobile(cell, region).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "01 23 45 67 89|not a mobile",
            "06 12 34|not a valid phone number",
            "bonjour|not a phone number",
            "+99 123|not a"})
    void mobilesRefusedWithAReason(String cell, String reason) {
        CsvValue<String> v = CsvValues.mobile(cell, "FR");
        assertThat(v.value()).isNull();
        assertThat(v.problem()).contains(reason);
    }

    @Test
    void theFastMobilePathAgreesWithLibphonenumbersParser() {
        java.util.Random random = new java.util.Random(42);
        String[] regions = {"FR", "FR", "FR", "RE", "BE", "CH", "DE", "GB", "NL", "IT", "US"};
        int fast = 0;
        for (int i = 0; i < 20_000; i++) {
            String region = regions[random.nextInt(regions.length)];
            StringBuilder digits = new StringBuilder();
            int length = 8 + random.nextInt(5);
            for (int k = 0; k < length; k++) {
                digits.append(random.nextInt(10));
            }
            if (random.nextBoolean()) {
                digits.setCharAt(0, '0');
                digits.setCharAt(1, random.nextBoolean() ? '6' : '7');
            }
            String cell = switch (random.nextInt(4)) {
                case 0 -> digits.toString();
                case 1 -> digits.toString().replaceAll("(..)(?=.)", "$1 ");
                case 2 -> digits.toString().replaceAll("(..)(?=.)", "$1.");
                default -> "+" + (random.nextBoolean() ? "33" : "4") + digits.substring(1);
            };
            CsvValue<String> reference = CsvValues.parsedMobile(cell, region);
            String quick = CsvValues.fastMobile(cell, region);
            if (quick != null) {
                fast++;
                assertThat(quick).as(cell + " in " + region).isEqualTo(reference.value());
            }
            assertThat(CsvValues.mobile(cell, region)).as(cell + " in " + region).isEqualTo(reference);
        }
        assertThat(fast).isGreaterThan(500);
    }
}
