package io.archipel.audience.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Date formatting for the contact pages, in the reader's locale and the network's time zone. */
record ContactViews(Locale locale) {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    public String at(Instant instant) {
        return instant == null ? "—" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale)
                .format(instant.atZone(ZONE));
    }

    public String date(LocalDate date) {
        return date == null ? "—" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                .format(date);
    }
}
