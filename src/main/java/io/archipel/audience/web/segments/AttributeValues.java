package io.archipel.audience.web.segments;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.Locale;

import io.archipel.audience.CustomAttributes.Definition;

/**
 * Shows a stored custom attribute value in the reader's locale: numbers with the locale's separators, dates in the
 * locale's medium style; booleans give null so the page uses its yes/no message; empty values "—".
 */
public record AttributeValues(Locale locale) {

    public boolean isBoolean(Object value) {
        return value instanceof Boolean;
    }

    public String format(Definition definition, Object value) {
        if (value == null || value.toString().isBlank()) {
            return "—";
        }
        return switch (definition.type()) {
            case NUMBER -> {
                try {
                    NumberFormat f = NumberFormat.getNumberInstance(locale);
                    f.setMaximumFractionDigits(6);
                    yield f.format(new BigDecimal(value.toString()));
                } catch (NumberFormatException e) {
                    yield value.toString();
                }
            }
            case DATE -> {
                try {
                    yield DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                            .format(LocalDate.parse(value.toString()));
                } catch (DateTimeParseException e) {
                    yield value.toString();
                }
            }
            default -> value.toString();
        };
    }
}
