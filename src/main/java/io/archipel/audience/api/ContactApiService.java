package io.archipel.audience.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.Contact;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.audience.CustomAttributeService;
import io.archipel.audience.CustomAttributes.Definition;
import io.archipel.audience.api.ApiDtos.BatchResult;
import io.archipel.audience.api.ApiDtos.ChannelConsent;
import io.archipel.audience.api.ApiDtos.ConsentChange;
import io.archipel.audience.api.ApiDtos.ConsentEventJson;
import io.archipel.audience.api.ApiDtos.ContactItem;
import io.archipel.audience.api.ApiDtos.ContactJson;
import io.archipel.audience.api.ApiDtos.FieldError;
import io.archipel.audience.api.ApiDtos.ItemResult;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.NetworkScope;
import io.archipel.tenancy.ScopeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What {@code /api/v1/contacts} does, on top of {@link ContactService} (which checks the key's scope and records
 * the key as the consent actor, like for a person). A batch applies its items in order, each in its own transaction:
 * a rejected item leaves nothing behind and never stops the others.
 */
@Component
class ContactApiService {

    static final int MAX_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(ContactApiService.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final ContactService contacts;
    private final CustomAttributeService attributes;
    private final BranchService branches;
    private final CurrentScope scope;
    private final MessageSource messages;
    private final TransactionTemplate perItem;

    ContactApiService(ContactService contacts, CustomAttributeService attributes, BranchService branches,
            CurrentScope scope, MessageSource messages, PlatformTransactionManager transactions) {
        this.contacts = contacts;
        this.attributes = attributes;
        this.branches = branches;
        this.scope = scope;
        this.messages = messages;
        this.perItem = new TransactionTemplate(transactions);
    }

    // ------------------------------------------------------------------------------------------------ batch

    BatchResult batchUpsert(List<ContactItem> items) {
        if (items == null || items.isEmpty()) {
            throw new ApiRequestException(422, "batch.empty", "Send 1 to " + MAX_BATCH + " contacts in 'contacts'.",
                    List.of(new FieldError("contacts", "batch.empty", "At least one contact is required.")));
        }
        if (items.size() > MAX_BATCH) {
            throw new ApiRequestException(422, "batch.tooLarge", "At most " + MAX_BATCH + " contacts per call.",
                    List.of(new FieldError("contacts", "batch.tooLarge",
                            "At most " + MAX_BATCH + " contacts per call; this one has " + items.size() + ".")));
        }
        // 1. branches: unknown codes reject their item; a branch outside the key's scope refuses the whole call
        //    before anything is written (a key configured for the wrong branches is not a data problem)
        Map<String, Optional<UUID>> byCode = new HashMap<>();
        UUID defaultBranch = defaultBranch();
        List<UUID> itemBranch = new ArrayList<>();
        List<FieldError> outOfScope = new ArrayList<>();
        Map<UUID, Optional<String>> countryOf = new HashMap<>(); // empty: outside the key's scope
        for (int i = 0; i < items.size(); i++) {
            ContactItem item = items.get(i);
            String code = item == null ? null : blankToNull(item.branchCode());
            UUID branchId = code == null ? defaultBranch
                    : byCode.computeIfAbsent(code.toLowerCase(Locale.ROOT), c -> contacts.branchIdByCode(code))
                            .orElse(null);
            itemBranch.add(branchId);
            if (branchId != null && countryOf.computeIfAbsent(branchId, this::countryInScope).isEmpty()) {
                outOfScope.add(new FieldError("contacts[" + i + "].branchCode", "branch.outOfScope",
                        "This API key may not write to branch " + code + "."));
            }
        }
        if (!outOfScope.isEmpty()) {
            throw new ApiRequestException(403, "branch.outOfScope",
                    "Some contacts name a branch outside this API key's scope; nothing was written.", outOfScope);
        }
        // 2. each item on its own
        List<ItemResult> results = new ArrayList<>(items.size());
        int created = 0;
        int updated = 0;
        Map<String, Definition> declared = new HashMap<>();
        attributes.list().forEach(d -> declared.put(d.key(), d));
        for (int i = 0; i < items.size(); i++) {
            UUID branchId = itemBranch.get(i);
            ItemResult r = upsertOne(i, items.get(i), branchId,
                    branchId == null ? "FR" : countryOf.get(branchId).orElse("FR"), declared);
            if ("created".equals(r.status())) {
                created++;
            } else if ("updated".equals(r.status())) {
                updated++;
            }
            results.add(r);
        }
        return new BatchResult(items.size(), created, updated, items.size() - created - updated, results);
    }

    private ItemResult upsertOne(int index, ContactItem item, UUID branchId, String countryCode,
            Map<String, Definition> declared) {
        if (item == null) {
            return rejected(index, List.of(new FieldError(null, "item.null", "Each contact must be a JSON object.")));
        }
        List<FieldError> errors = new ArrayList<>();
        if (branchId == null) {
            errors.add(blankToNull(item.branchCode()) == null
                    ? new FieldError("branchCode", "validation.required", "branchCode is required (this key covers "
                            + "more than one branch).")
                    : new FieldError("branchCode", "branch.unknown", "No branch of your network has this code."));
        }
        String email = blankToNull(item.email());
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            errors.add(error("email", email.length() > 254 ? "contact.tooLong254" : "validation.email"));
        }
        String mobile = null;
        try {
            mobile = contacts.normaliseMobile(item.mobile(), countryCode);
        } catch (InvalidContactException e) {
            errors.add(error(e.field(), e.messageKey()));
        }
        LocalDate birthDate = date("birthDate", item.birthDate(), errors);
        LocalDate lastPurchase = date("lastPurchaseDate", item.lastPurchaseDate(), errors);
        BigDecimal totalSpend = amount(item.totalSpend(), errors);
        if (item.attributes() != null) {
            item.attributes().forEach((key, raw) -> {
                Definition d = declared.get(key);
                if (d == null) {
                    errors.add(error("attributes[" + key + "]", "contact.attribute.unknown"));
                } else if (raw != null && !raw.isBlank() && !CustomAttributeService.parse(d, raw).isValid()) {
                    errors.add(new FieldError("attributes[" + key + "]",
                            "contact.attribute.invalid." + d.type().name().toLowerCase(Locale.ROOT),
                            CustomAttributeService.parse(d, raw).problem()));
                }
            });
        }
        ConsentState emailConsent = consentState("consent.email.state",
                item.consent() == null ? null : item.consent().email(), errors);
        ConsentState smsConsent = consentState("consent.sms.state",
                item.consent() == null ? null : item.consent().sms(), errors);
        if (!errors.isEmpty()) {
            return rejected(index, errors);
        }
        String mobileE164 = mobile;
        try {
            return perItem.execute(status -> {
                List<Contact> existing = contacts.findInBranch(branchId, email, email == null ? mobileE164 : null);
                UUID id;
                String outcome;
                Contact before = existing.isEmpty() ? null : existing.get(0);
                if (before == null) {
                    id = contacts.create(branchId, new ContactData(email, item.mobile(), blankToNull(item.firstName()),
                            blankToNull(item.lastName()), birthDate, blankToNull(item.postalCode()),
                            blankToNull(item.city()), blankToNull(item.loyaltyTier()), lastPurchase, totalSpend,
                            item.tags() == null ? List.of() : item.tags(), rawAttributes(null, item.attributes())));
                    outcome = "created";
                } else {
                    id = before.id();
                    contacts.update(id, before.version(), merge(before, item, birthDate, lastPurchase, totalSpend));
                    outcome = "updated";
                }
                consent(id, before, Channel.EMAIL, emailConsent, item.consent() == null ? null : item.consent().email());
                consent(id, before, Channel.SMS, smsConsent, item.consent() == null ? null : item.consent().sms());
                return new ItemResult(index, outcome, id, List.of());
            });
        } catch (InvalidContactException e) {
            return rejected(index, List.of(error(e.field(), e.messageKey())));
        } catch (AccessDeniedException e) {
            return rejected(index, List.of(new FieldError("branchCode", "branch.outOfScope",
                    "This API key may not write to this branch.")));
        } catch (RuntimeException e) {
            log.warn("API batch item {} failed", index, e);
            return rejected(index, List.of(new FieldError(null, "item.failed",
                    "This contact could not be saved; nothing of it was written. Try again.")));
        }
    }

    /** A stored contact with the item laid over it: null keeps, "" clears, anything else replaces. */
    private ContactData merge(Contact c, ContactItem item, LocalDate birthDate, LocalDate lastPurchase,
            BigDecimal totalSpend) {
        return new ContactData(keep(item.email(), c.email()), keep(item.mobile(), c.mobile()),
                keep(item.firstName(), c.firstName()), keep(item.lastName(), c.lastName()),
                item.birthDate() == null ? c.birthDate() : birthDate, keep(item.postalCode(), c.postalCode()),
                keep(item.city(), c.city()), keep(item.loyaltyTier(), c.loyaltyTier()),
                item.lastPurchaseDate() == null ? c.lastPurchaseDate() : lastPurchase,
                item.totalSpend() == null ? c.totalSpend() : totalSpend,
                item.tags() == null ? c.tags() : item.tags(), rawAttributes(c.attributes(), item.attributes()));
    }

    /** The stored attributes as typed-in text with the item's laid over them; null when the item names none. */
    private static Map<String, String> rawAttributes(Map<String, Object> stored, Map<String, String> given) {
        if (given == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (stored != null) {
            stored.forEach((k, v) -> out.put(k, v instanceof BigDecimal n ? n.toPlainString() : String.valueOf(v)));
        }
        given.forEach((k, v) -> {
            if (v == null || v.isBlank()) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /** A consent event with source API, unless the item repeats the contact's current state. */
    private void consent(UUID id, Contact before, Channel channel, ConsentState state, ChannelConsent input) {
        if (state == null) {
            return;
        }
        ConsentState current = before == null ? null
                : channel == Channel.EMAIL ? before.emailConsent() : before.smsConsent();
        if (state != current) {
            contacts.recordConsent(id, channel, state, ConsentSource.API, input.proof());
        }
    }

    private UUID defaultBranch() {
        NetworkScope s = scope.get();
        return s.type() == ScopeType.BRANCHES && s.branchIds().size() == 1 ? s.branchIds().iterator().next() : null;
    }

    /** The branch's country when it is in the key's scope, else empty. */
    private Optional<String> countryInScope(UUID branchId) {
        try {
            return Optional.ofNullable(branches.get(branchId).countryCode()).or(() -> Optional.of("FR"));
        } catch (AccessDeniedException e) {
            return Optional.empty();
        }
    }

    private ItemResult rejected(int index, List<FieldError> errors) {
        return new ItemResult(index, "rejected", null, errors);
    }

    // ------------------------------------------------------------------------------------------------ one contact

    ContactJson get(UUID contactId) {
        return ContactJson.of(contacts.get(contactId));
    }

    List<ContactJson> lookup(String branchCode, String email, String mobile) {
        String e = blankToNull(email);
        String m = blankToNull(mobile);
        if (e == null && m == null) {
            throw new ApiRequestException(400, "lookup.criteria", "Give 'email' or 'mobile' to look a contact up.",
                    List.of(new FieldError("email", "validation.required", "Give email or mobile.")));
        }
        UUID branchId = null;
        String country = "FR";
        if (blankToNull(branchCode) != null) {
            branchId = contacts.branchIdByCode(branchCode).orElseThrow(() -> new ApiRequestException(422,
                    "branch.unknown", "No branch of your network has this code.",
                    List.of(new FieldError("branchCode", "branch.unknown", "No branch of your network has this code."))));
            country = branches.get(branchId).countryCode();
        }
        String mobileE164 = null;
        if (e == null) {
            try {
                mobileE164 = contacts.normaliseMobile(m, country);
            } catch (InvalidContactException ex) {
                throw new ApiRequestException(400, "contact.mobile.invalid", text("contact.mobile.invalid"),
                        List.of(error("mobile", "contact.mobile.invalid")));
            }
        }
        List<Contact> found = branchId == null ? contacts.findInScope(e, mobileE164)
                : contacts.findInBranch(branchId, e, mobileE164);
        return found.stream().map(ContactJson::of).toList();
    }

    void erase(UUID contactId) {
        contacts.erase(contactId);
    }

    ConsentEventJson changeConsent(UUID contactId, ConsentChange change) {
        contacts.get(contactId); // 404 / 403 before looking at the body
        List<FieldError> errors = new ArrayList<>();
        Channel channel = null;
        String rawChannel = change == null ? null : blankToNull(change.channel());
        if (rawChannel == null) {
            errors.add(error("channel", "validation.required"));
        } else {
            try {
                channel = Channel.valueOf(rawChannel.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                errors.add(new FieldError("channel", "consent.channel.invalid", "Use EMAIL or SMS."));
            }
        }
        ConsentState state = consentState("state", change == null ? null
                : new ChannelConsent(change.state() == null ? "" : change.state(), null), errors);
        if (!errors.isEmpty()) {
            throw new ApiRequestException(422, "validation", "The consent change is not valid.", errors);
        }
        contacts.recordConsent(contactId, channel, state, ConsentSource.API, change.proof());
        Channel ch = channel;
        return contacts.consentHistory(contactId).stream().filter(ev -> ev.channel() == ch).findFirst()
                .map(ConsentEventJson::of).orElseThrow();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static LocalDate date(String field, String raw, List<FieldError> errors) {
        String s = blankToNull(raw);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "date.invalid", "Use an ISO date (yyyy-mm-dd), e.g. 1990-12-31."));
            return null;
        }
    }

    private static BigDecimal amount(String raw, List<FieldError> errors) {
        String s = blankToNull(raw);
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            errors.add(new FieldError("totalSpend", "number.invalid", "Use a number with a dot, e.g. 129.90."));
            return null;
        }
    }

    private static ConsentState consentState(String field, ChannelConsent input, List<FieldError> errors) {
        if (input == null) {
            return null;
        }
        if (input.proof() != null && input.proof().strip().length() > 2000) {
            errors.add(new FieldError(field.replace(".state", ".proof"), "contact.proof.tooLong",
                    "At most 2000 characters."));
        }
        String s = blankToNull(input.state());
        if (s != null) {
            try {
                return ConsentState.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        errors.add(new FieldError(field, "consent.state.invalid", "Use GRANTED or WITHDRAWN."));
        return null;
    }

    private FieldError error(String field, String messageKey) {
        return new FieldError(field, messageKey, text(messageKey));
    }

    /** API messages are English whatever the caller's language: the keys' base bundle. */
    String text(String messageKey) {
        return messages.getMessage(messageKey, null, messageKey, Locale.ENGLISH);
    }

    private static String keep(String given, String stored) {
        return given == null ? stored : blankToNull(given);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
