package io.archipel.delivery.send;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.brand.Availability;
import io.archipel.brand.BlockField;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Policies;
import io.archipel.campaign.PolicyService;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Approved e-mail campaigns of the demo branch LYO-01 to an audience of their own: each campaign gets a unique tag,
 * its contacts carry it and its HQ segment selects it, so tests never see each other's recipients.
 */
final class SendFixture {

    static final String ADMIN = Personas.HQ_ADMIN;
    static final String MARKETER = Personas.HQ_MARKETER;
    static final String LYON = Personas.BRANCH_MANAGER;
    static final String OFFER_URL = "https://maison-lumiere.example/offer?from=mail";

    final Personas personas;
    final TemplateService templates;
    final PolicyService policies;
    final CampaignService campaigns;
    final SegmentService segments;
    final ContactService contacts;
    final BranchService branches;
    final JdbcTemplate jdbc;
    final TransactionTemplate tx;
    final String tag = UUID.randomUUID().toString().substring(0, 8);
    final UUID tenantId;
    final UUID branchId;

    SendFixture(Personas personas, TemplateService templates, PolicyService policies, CampaignService campaigns,
            SegmentService segments, ContactService contacts, BranchService branches, JdbcTemplate jdbc,
            TransactionTemplate tx) {
        this.personas = personas;
        this.templates = templates;
        this.policies = policies;
        this.campaigns = campaigns;
        this.segments = segments;
        this.contacts = contacts;
        this.branches = branches;
        this.jdbc = jdbc;
        this.tx = tx;
        this.tenantId = personas.principal(ADMIN).tenantId();
        this.branchId = personas.callAs(ADMIN, () -> branches.search("LYO-01", null).stream()
                .filter(b -> b.code().equals("LYO-01")).findFirst().orElseThrow().id());
    }

    /** A contact of LYO-01 with the tag; {@code consent} false: no e-mail consent at all. */
    UUID contact(String email, String firstName, boolean consent) {
        return personas.callAs(ADMIN, () -> {
            UUID id = contacts.create(branchId, new Contacts.ContactData(email, null, firstName, "Test", null, null,
                    null, null, null, null, List.of(tag)));
            if (consent) {
                contacts.recordConsent(id, Contacts.Channel.EMAIL, Contacts.ConsentState.GRANTED,
                        Contacts.ConsentSource.FORM, null);
            }
            return id;
        });
    }

    /**
     * {@code n} consenting contacts {@code prefix0 … prefix(n-1)} (addresses from {@link #address}, first names the
     * prefix capitalised with the number); their ids in that order.
     */
    List<UUID> consentingContacts(String prefix, int n) {
        List<UUID> ids = new java.util.ArrayList<>(n);
        String name = Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1);
        for (int i = 0; i < n; i++) {
            ids.add(contact(address(prefix + i), name + i, true));
        }
        return ids;
    }

    String address(String local) {
        return local + "-" + tag + "@send.example";
    }

    /**
     * A published e-mail template (no review) whose subject greets the contact, with a link, then a campaign of LYO-01
     * on it to this fixture's tag, submitted (and so approved at once). Returns the campaign id.
     */
    UUID approvedCampaign(String subjectPrefix) {
        return approvedCampaign(subjectPrefix, null);
    }

    /** The same with a send date ({@code null}: as soon as approved); with one the campaign is SCHEDULED. */
    UUID approvedCampaign(String subjectPrefix, java.time.Instant sendAt) {
        UUID segmentId = personas.callAs(ADMIN, () -> segments.create(null, new Segments.Draft("Send " + tag, "",
                new Segments.Definition(Contacts.Channel.EMAIL, new Segments.Group(Segments.Combinator.ALL,
                        List.of(new Segments.Condition("tags", Segments.Operator.HAS_TAG, List.of(tag))))))));
        UUID templateId = personas.callAs(MARKETER, () -> templates.create(TemplateChannel.EMAIL, "Send " + tag,
                TemplateCategory.PROMOTION, ""));
        personas.runAs(MARKETER, () -> {
            Templates.Details d = templates.get(templateId);
            List<TemplateBlock> blocks = d.email().blocks().stream().map(b -> switch (b.type()) {
                case RICH_TEXT -> b.withContent(Map.of(BlockField.HTML.key(), "<p>Hello {{contact.firstName|friend}}, "
                        + "<a href=\"" + OFFER_URL + "\">see the offer</a>.</p>"));
                default -> b;
            }).toList();
            EmailTemplateContent content = new EmailTemplateContent(new LockableText(subjectPrefix
                    + " for {{contact.firstName|friend}}", false, true, 200), d.email().preheader(), blocks);
            Templates.DraftSaved saved = templates.saveEmailDraft(templateId, d.version(), content);
            templates.publish(templateId, saved.version(), Availability.NETWORK);
            policies.setTemplatePolicy(templateId, new Policies.Policy(Policies.ReviewMode.NEVER,
                    Policies.Reviewer.HQ, 24, Policies.ExpiryAction.ESCALATE_TO_HQ, null,
                    EnumSet.allOf(TemplateChannel.class)));
        });
        UUID campaignId = personas.callAs(LYON, () -> campaigns.createFromTemplate(branchId, templateId,
                "Send " + tag));
        personas.runAs(LYON, () -> campaigns.setAudience(campaignId, campaigns.get(campaignId).version(),
                segmentId));
        if (sendAt != null) {
            personas.runAs(LYON, () -> campaigns.setSchedule(campaignId, campaigns.get(campaignId).version(),
                    sendAt));
        }
        io.archipel.campaign.Campaigns.Submitted submitted = personas.callAs(LYON, () -> campaigns.submit(
                campaignId, campaigns.get(campaignId).version()));
        CampaignStatus expected = sendAt == null ? CampaignStatus.APPROVED : CampaignStatus.SCHEDULED;
        if (submitted.status() != expected) {
            throw new IllegalStateException("campaign not approved: " + submitted);
        }
        return campaignId;
    }

    /** A contact of LYO-01 with the tag, a mobile number and SMS consent. */
    UUID smsContact(String mobile, String firstName) {
        return personas.callAs(ADMIN, () -> {
            UUID id = contacts.create(branchId, new Contacts.ContactData(null, mobile, firstName, "Test", null, null,
                    null, null, null, null, List.of(tag)));
            contacts.recordConsent(id, Contacts.Channel.SMS, Contacts.ConsentState.GRANTED,
                    Contacts.ConsentSource.FORM, null);
            return id;
        });
    }

    /** The SMS starter template (no review), then an approved SMS campaign of LYO-01 to this fixture's tag. */
    UUID approvedSmsCampaign() {
        UUID segmentId = personas.callAs(ADMIN, () -> segments.create(null, new Segments.Draft("Sms " + tag, "",
                new Segments.Definition(Contacts.Channel.SMS, new Segments.Group(Segments.Combinator.ALL,
                        List.of(new Segments.Condition("tags", Segments.Operator.HAS_TAG, List.of(tag))))))));
        UUID templateId = personas.callAs(MARKETER, () -> templates.create(TemplateChannel.SMS, "Sms " + tag,
                TemplateCategory.PROMOTION, ""));
        personas.runAs(MARKETER, () -> {
            templates.publish(templateId, templates.get(templateId).version(), Availability.NETWORK);
            policies.setTemplatePolicy(templateId, new Policies.Policy(Policies.ReviewMode.NEVER,
                    Policies.Reviewer.HQ, 24, Policies.ExpiryAction.ESCALATE_TO_HQ, null,
                    EnumSet.allOf(TemplateChannel.class)));
        });
        UUID campaignId = personas.callAs(LYON, () -> campaigns.createFromTemplate(branchId, templateId,
                "Sms " + tag));
        personas.runAs(LYON, () -> campaigns.setAudience(campaignId, campaigns.get(campaignId).version(),
                segmentId));
        io.archipel.campaign.Campaigns.Submitted submitted = personas.callAs(LYON, () -> campaigns.submit(
                campaignId, campaigns.get(campaignId).version()));
        if (submitted.status() != CampaignStatus.APPROVED) {
            throw new IllegalStateException("SMS campaign not approved: " + submitted);
        }
        return campaignId;
    }

    CampaignStatus status(UUID campaignId) {
        return personas.callAs(ADMIN, () -> campaigns.get(campaignId).summary().status());
    }

    /** Recipient rows by status. */
    Map<String, Integer> statuses(UUID campaignId) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> jdbc.query(
                "select status, count(*) from campaign_recipient where tenant_id = ? and campaign_id = ? "
                        + "group by status", rs -> {
                            out.put(rs.getString(1), rs.getInt(2));
                        }, tenantId, campaignId)));
        return out;
    }

    /** A row of campaign_send as a map. */
    Map<String, Object> send(UUID campaignId) {
        Object[] row = {null};
        TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> row[0] = jdbc.queryForMap(
                "select * from campaign_send where tenant_id = ? and campaign_id = ?", tenantId, campaignId)));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) row[0];
        return map;
    }

    <T> T system(java.util.function.Supplier<T> work) {
        Object[] out = {null};
        TenantContext.runAsSystem(tenantId, () -> out[0] = tx.execute(s -> work.get()));
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }
}
