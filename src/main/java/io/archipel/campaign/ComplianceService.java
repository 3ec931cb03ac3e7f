package io.archipel.campaign;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.BrandKit;
import io.archipel.brand.BrandKitService;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.MergeField;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplateRules;
import io.archipel.brand.Templates;
import io.archipel.campaign.Compliance.Finding;
import io.archipel.campaign.Compliance.InvalidRuleException;
import io.archipel.campaign.Compliance.Rule;
import io.archipel.campaign.Compliance.RuleDraft;
import io.archipel.campaign.Compliance.RuleKind;
import io.archipel.campaign.Compliance.Severity;
import io.archipel.campaign.Compliance.StaleRuleException;
import io.archipel.campaign.compliance.ComplianceChecker;
import io.archipel.campaign.compliance.RulePatterns;
import io.archipel.campaign.compliance.RuleStore;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.TenantContext;
import org.jsoup.Jsoup;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The network's compliance rules (HQ admins and marketers maintain them; everyone of the network reads them) and the
 * check of campaign content against the enabled ones. Findings carry the path of the place they concern, a severity
 * (blocking findings prevent submitting) and a plain-words message key of {@code messages/compliance}.
 */
@Service
public class ComplianceService {

    private final RuleStore store;
    private final BrandKitService brandKits;
    private final CurrentScope scope;

    ComplianceService(RuleStore store, BrandKitService brandKits, CurrentScope scope) {
        this.store = store;
        this.brandKits = brandKits;
        this.scope = scope;
    }

    /** The findings of an e-mail's resolved content (template version + the branch's values). */
    @Transactional(readOnly = true)
    public List<Finding> check(EmailTemplateContent content, String language) {
        return checker(language).check(content);
    }

    /** The findings of an SMS's resolved content (template version + the branch's values). */
    @Transactional(readOnly = true)
    public List<Finding> check(SmsTemplateContent content, String language) {
        return checker(language).check(content);
    }

    /**
     * The findings of a branch's values on a template version (a campaign's or a kit's), resolved into the template,
     * with the network's language.
     */
    @Transactional(readOnly = true)
    public List<Finding> check(Templates.Version template, Campaigns.Content content) {
        String language = store.networkLanguage(TenantContext.require());
        if (template.email() != null) {
            return check(CampaignContents.resolveEmail(template.email(), content), language);
        }
        if (template.sms() != null) {
            return check(CampaignContents.resolveSms(template.sms(), content), language);
        }
        return List.of();
    }

    /** The "try a text" box of the rules page: a sample subject and a sample text, checked by the enabled rules. */
    @Transactional(readOnly = true)
    public List<Finding> checkSample(String subject, String text, String language) {
        return checker(language).checkSample(subject, text);
    }

    /** Every rule of the network, grouped by kind. */
    @Transactional(readOnly = true)
    public List<Rule> rules() {
        return store.all();
    }

    /** A rule of the network; unknown (or another network's) → {@link NotFoundException}. */
    @Transactional(readOnly = true)
    public Rule get(UUID ruleId) {
        return store.find(ruleId).orElseThrow(() -> new NotFoundException("compliance rule " + ruleId));
    }

    /** Adds a rule; an unusable draft → {@link InvalidRuleException} naming the field. */
    @Transactional
    public UUID create(RuleDraft draft) {
        requireMayEdit();
        if (draft == null || draft.kind() == null) {
            throw new InvalidRuleException("kind", "validation.required");
        }
        RuleDraft clean = clean(draft.kind(), draft);
        if (draft.kind().single() && store.kindExists(draft.kind())) {
            throw new InvalidRuleException("kind", "compliance.rule.kind.exists");
        }
        if (store.count() >= Compliance.MAX_RULES) {
            throw new InvalidRuleException(null, "compliance.rule.tooMany", Compliance.MAX_RULES);
        }
        UUID id = UUID.randomUUID();
        store.insert(id, clean, actor());
        return id;
    }

    /** Changes a rule (its kind stays); stale version → {@link StaleRuleException}. */
    @Transactional
    public void update(UUID ruleId, long version, RuleDraft draft) {
        requireMayEdit();
        Rule existing = get(ruleId);
        RuleDraft clean = clean(existing.kind(), draft);
        if (!store.update(ruleId, version, clean, actor())) {
            throw new StaleRuleException();
        }
    }

    /** Switches a rule on or off. */
    @Transactional
    public void setEnabled(UUID ruleId, boolean enabled) {
        requireMayEdit();
        get(ruleId);
        store.setEnabled(ruleId, enabled, actor());
    }

    @Transactional
    public void delete(UUID ruleId) {
        requireMayEdit();
        get(ruleId);
        store.delete(ruleId);
    }

    /** Whether the current user may change the rules (HQ admin or marketer of the whole network). */
    public boolean mayEdit() {
        if (TenantContext.isSystem()) {
            return true;
        }
        Role role = CurrentUser.find().map(ArchipelUser::role).orElse(null);
        return (role == Role.HQ_ADMIN || role == Role.HQ_MARKETER) && scope.get().isWholeTenant();
    }

    private void requireMayEdit() {
        if (!mayEdit()) {
            throw new AccessDeniedInScopeException("compliance rules are maintained by HQ");
        }
    }

    private ComplianceChecker checker(String language) {
        BrandKit kit = brandKits.current();
        String footer = kit.legalFooterHtml() == null ? "" : Jsoup.parse(kit.legalFooterHtml()).text();
        return new ComplianceChecker(store.enabled(), new ComplianceChecker.Context(footer, typicalValues(kit,
                language)));
    }

    /** Typical merge values (the preview's sample contact, a branch named after the network) for lengths. */
    static Map<MergeField, String> typicalValues(BrandKit kit, String language) {
        boolean fr = language == null || language.toLowerCase(Locale.ROOT).startsWith("fr");
        TemplatePreviewer.SampleContact contact = TemplatePreviewer.SampleContact.defaults(fr ? Locale.FRENCH
                : Locale.ENGLISH);
        Map<MergeField, String> values = new EnumMap<>(MergeField.class);
        values.put(MergeField.CONTACT_FIRST_NAME, contact.firstName());
        values.put(MergeField.CONTACT_LAST_NAME, contact.lastName());
        values.put(MergeField.CONTACT_EMAIL, contact.email());
        String network = kit.networkName() == null || kit.networkName().isBlank() ? "" : kit.networkName().strip() + " ";
        values.put(MergeField.BRANCH_NAME, network + (fr ? "Centre-Ville" : "City Centre"));
        values.put(MergeField.BRANCH_PHONE, "+33 1 23 45 67 89");
        values.put(MergeField.BRANCH_EMAIL, "store@example.com");
        values.put(MergeField.BRANCH_ADDRESS, fr ? "1 rue de l’Exemple, 75001 Paris" : "1 Example Street, London");
        values.put(MergeField.BRANCH_HOURS, fr ? "Lun–sam 9h–19h" : "Mon–Sat 9am–7pm");
        return values;
    }

    /** The draft with only the parameters of its kind, trimmed and checked. */
    static RuleDraft clean(RuleKind kind, RuleDraft d) {
        if (d.severity() == null) {
            throw new InvalidRuleException("severity", "validation.required");
        }
        String note = d.note() == null || d.note().isBlank() ? null : d.note().strip();
        if (note != null && note.length() > Compliance.MAX_NOTE_LENGTH) {
            throw new InvalidRuleException("note", "compliance.rule.note.tooLong", Compliance.MAX_NOTE_LENGTH);
        }
        List<String> words = List.of();
        String pattern = null;
        List<String> domains = List.of();
        Integer maxLength = null;
        switch (kind) {
            case RESTRICTED_WORD -> words = words(d.words());
            case RESTRICTED_PATTERN -> pattern = RulePatterns.validate(d.pattern());
            case LINK_DOMAIN -> domains = domains(d.domains());
            case SUBJECT_LENGTH -> {
                if (d.maxLength() == null) {
                    throw new InvalidRuleException("maxLength", "validation.required");
                }
                if (d.maxLength() < 10 || d.maxLength() > 500) {
                    throw new InvalidRuleException("maxLength", "compliance.rule.maxLength.range", 10, 500);
                }
                maxLength = d.maxLength();
            }
            default -> {
                // no parameters
            }
        }
        return new RuleDraft(kind, d.severity(), d.enabled(), words, pattern, domains, maxLength, note);
    }

    private static List<String> words(List<String> raw) {
        Map<String, String> byFolded = new LinkedHashMap<>();
        for (String w : raw == null ? List.<String>of() : raw) {
            String word = w == null ? "" : w.strip().replaceAll("\\s+", " ");
            if (word.isEmpty()) {
                continue;
            }
            if (word.length() > Compliance.MAX_WORD_LENGTH) {
                throw new InvalidRuleException("words", "compliance.rule.words.tooLong", shorten(word),
                        Compliance.MAX_WORD_LENGTH);
            }
            String core = word.endsWith("*") ? word.substring(0, word.length() - 1) : word;
            if (core.contains("*") || core.codePoints().noneMatch(Character::isLetterOrDigit)) {
                throw new InvalidRuleException("words", "compliance.rule.words.invalid", word);
            }
            byFolded.putIfAbsent(java.text.Normalizer.normalize(word, java.text.Normalizer.Form.NFD)
                    .replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT), word);
        }
        if (byFolded.isEmpty()) {
            throw new InvalidRuleException("words", "compliance.rule.words.required");
        }
        if (byFolded.size() > Compliance.MAX_WORDS) {
            throw new InvalidRuleException("words", "compliance.rule.words.tooMany", Compliance.MAX_WORDS);
        }
        return new ArrayList<>(byFolded.values());
    }

    /** "https://www.Example.com/shop" → "example.com"; each must look like a domain name. */
    private static List<String> domains(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String r : raw == null ? List.<String>of() : raw) {
            String d = r == null ? "" : r.strip().toLowerCase(Locale.ROOT);
            if (d.isEmpty()) {
                continue;
            }
            d = d.replaceFirst("^[a-z][a-z0-9+.-]*://", "").replaceFirst("[/?#:].*$", "").replaceFirst("^\\*\\.", "")
                    .replaceFirst("^www\\.", "").replaceAll("\\.$", "");
            if (!TemplateRules.isDomain(d)) {
                throw new InvalidRuleException("domains", "compliance.rule.domains.invalid", shorten(r.strip()));
            }
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        if (out.isEmpty()) {
            throw new InvalidRuleException("domains", "compliance.rule.domains.required");
        }
        if (out.size() > Compliance.MAX_DOMAINS) {
            throw new InvalidRuleException("domains", "compliance.rule.domains.tooMany", Compliance.MAX_DOMAINS);
        }
        return out;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 39) + "…" : s;
    }

    private static String actor() {
        return CurrentUser.find().map(u -> u.displayName() + " <" + u.email() + ">").orElse("Archipel");
    }

    /** Kept for readers: the kinds in the order the rules page shows them. */
    public static List<RuleKind> kindsInOrder() {
        return List.of(RuleKind.values());
    }

    /** Severity a new rule of this kind starts with on the form. */
    public static Severity defaultSeverity(RuleKind kind) {
        return kind == RuleKind.SUBJECT_LENGTH ? Severity.WARNING : Severity.BLOCKING;
    }
}
