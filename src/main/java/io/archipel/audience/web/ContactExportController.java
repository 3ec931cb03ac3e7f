package io.archipel.audience.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.Contact;
import io.archipel.audience.CustomAttributeService;
import io.archipel.audience.CustomAttributes.AttributeType;
import io.archipel.audience.CustomAttributes.Definition;
import io.archipel.shared.csv.CsvExport;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The contact list as a CSV file for Excel: the portal's acting branch or HQ's whole scope, with the filters of the
 * list. UTF-8 with a BOM, {@code ;} between cells for French Excel ({@code ,} otherwise), the header and the values
 * (dates, amounts, consent) in the reader's language, every cell formula-safe ({@link CsvExport}); erased contacts are
 * left out. Streamed: the contacts are read and written a page at a time.
 */
@Controller
class ContactExportController {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final String[] COLUMNS = {"branchCode", "branchName", "email", "mobile", "firstName", "lastName",
        "birthDate", "postalCode", "city", "loyaltyTier", "lastPurchaseDate", "totalSpend", "tags", "emailConsent",
        "smsConsent", "createdAt", "updatedAt"};

    private final ContactService contacts;
    private final CustomAttributeService attributes;
    private final NetworkQueries network;
    private final MessageSource messages;

    ContactExportController(ContactService contacts, CustomAttributeService attributes, NetworkQueries network,
            MessageSource messages) {
        this.contacts = contacts;
        this.attributes = attributes;
        this.network = network;
        this.messages = messages;
    }

    @GetMapping("/portal/contacts/export.csv")
    void portal(@RequestParam(required = false) UUID branchId, ContactListQuery query, Locale locale,
            HttpServletResponse response) throws IOException {
        NetworkQueries.BranchCard branch = network.actingBranch(branchId)
                .orElseThrow(() -> new NotFoundException("Branch"));
        write(branch.id(), "contacts-" + branch.code(), query, locale, response);
    }

    @GetMapping("/hq/contacts/export.csv")
    void hq(ContactListQuery query, Locale locale, HttpServletResponse response) throws IOException {
        write(null, "contacts", query, locale, response);
    }

    private void write(UUID branchId, String name, ContactListQuery query, Locale locale,
            HttpServletResponse response) throws IOException {
        List<Definition> declared = attributes.list();
        boolean french = "fr".equals(locale.getLanguage());
        Formats f = new Formats(locale, french);
        List<String> header = new ArrayList<>();
        for (String column : COLUMNS) {
            header.add(messages.getMessage("import.export.col." + column, null, locale));
        }
        declared.forEach(d -> header.add(d.label()));

        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(name + "-" + LocalDate.now(ZONE) + ".csv").build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try (CsvExport csv = CsvExport.open(response.getOutputStream(), french ? ';' : ',')) {
            csv.writeRow(header);
            contacts.forEachForExport(branchId, query.filter(), c -> csv.writeRow(row(c, declared, f)));
        }
    }

    private List<String> row(Contact c, List<Definition> declared, Formats f) {
        List<String> row = new ArrayList<>(COLUMNS.length + declared.size());
        row.add(c.branchCode());
        row.add(c.branchName());
        row.add(c.email());
        row.add(c.mobile());
        row.add(c.firstName());
        row.add(c.lastName());
        row.add(f.date(c.birthDate()));
        row.add(c.postalCode());
        row.add(c.city());
        row.add(c.loyaltyTier());
        row.add(f.date(c.lastPurchaseDate()));
        row.add(f.amount(c.totalSpend()));
        row.add(String.join(", ", c.tags()));
        row.add(f.consent(c.emailConsent()));
        row.add(f.consent(c.smsConsent()));
        row.add(f.instant(c.createdAt()));
        row.add(f.instant(c.updatedAt()));
        for (Definition d : declared) {
            row.add(f.attribute(d, c.attributes() == null ? null : c.attributes().get(d.key())));
        }
        return row;
    }

    /** Values written the way the reader's spreadsheet expects them (and the import reads them back). */
    private final class Formats {
        private final boolean french;
        private final DateTimeFormatter date;
        private final DateTimeFormatter dateTime;
        private final String granted;
        private final String withdrawn;
        private final String yes;
        private final String no;

        Formats(Locale locale, boolean french) {
            this.french = french;
            this.date = french ? DateTimeFormatter.ofPattern("dd/MM/yyyy") : DateTimeFormatter.ISO_LOCAL_DATE;
            this.dateTime = DateTimeFormatter.ofPattern(french ? "dd/MM/yyyy HH:mm" : "yyyy-MM-dd HH:mm")
                    .withZone(ZONE);
            this.granted = messages.getMessage("contact.consent.GRANTED", null, locale);
            this.withdrawn = messages.getMessage("contact.consent.WITHDRAWN", null, locale);
            this.yes = messages.getMessage("import.export.yes", null, locale);
            this.no = messages.getMessage("import.export.no", null, locale);
        }

        String date(LocalDate d) {
            return d == null ? "" : date.format(d);
        }

        String instant(java.time.Instant i) {
            return i == null ? "" : dateTime.format(i);
        }

        String amount(BigDecimal a) {
            if (a == null) {
                return "";
            }
            String plain = a.toPlainString();
            return french ? plain.replace('.', ',') : plain;
        }

        String consent(ConsentState s) {
            return s == null ? "" : s == ConsentState.GRANTED ? granted : withdrawn;
        }

        String attribute(Definition d, Object value) {
            if (value == null) {
                return "";
            }
            if (value instanceof Boolean b) {
                return b ? yes : no;
            }
            if (value instanceof Number n) {
                return amount(new BigDecimal(n.toString()));
            }
            if (d.type() == AttributeType.DATE) {
                try {
                    return date(LocalDate.parse(value.toString()));
                } catch (java.time.format.DateTimeParseException e) {
                    return value.toString();
                }
            }
            return value.toString();
        }
    }
}
