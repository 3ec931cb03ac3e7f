package io.archipel.delivery.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.brand.Availability;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.CampaignService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A campaign of the demo network's LYO-01 branch "sent" to fresh contacts: campaign_send, campaign_recipient (SENT an
 * hour ago) and two tracked links, written with plain SQL under the tenant's context, as the engine would.
 */
public class TrackingFixture {

    public static final String LINK_0 = "https://maison-lumiere.example/soldes";
    public static final String LINK_1 = "https://maison-lumiere.example/magasins?ville=lyon&x=1";

    public record Recipient(long id, UUID contactId, String email) {
    }

    public record Sent(UUID tenantId, UUID campaignId, UUID branchId, List<Recipient> recipients) {
        public Recipient first() {
            return recipients.get(0);
        }
    }

    private final TenantService tenants;
    private final TemplateService templates;
    private final CampaignService campaigns;
    private final ContactService contacts;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public TrackingFixture(TenantService tenants, TemplateService templates, CampaignService campaigns,
            ContactService contacts, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.tenants = tenants;
        this.templates = templates;
        this.campaigns = campaigns;
        this.contacts = contacts;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /** The fixture over the application's own services (what every tracking test built by hand). */
    public static TrackingFixture of(ApplicationContext context) {
        return new TrackingFixture(context.getBean(TenantService.class), context.getBean(TemplateService.class),
                context.getBean(CampaignService.class), context.getBean(ContactService.class),
                context.getBean(JdbcTemplate.class), context.getBean(PlatformTransactionManager.class));
    }

    public UUID demoTenant() {
        return tenants.findBySlug("maison-lumiere").orElseThrow().id();
    }

    public UUID branch(UUID tenantId, String code) {
        UUID[] id = new UUID[1];
        TenantContext.runAsSystem(tenantId, () -> id[0] = contacts.branchIdByCode(code).orElseThrow());
        return id[0];
    }

    /** A sent campaign of LYO-01 with {@code count} recipients (e-mail consent granted; a mobile when asked). */
    public Sent sent(int count, boolean withMobile) {
        UUID tenantId = demoTenant();
        UUID branchId = branch(tenantId, "LYO-01");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID[] campaign = new UUID[1];
        List<Recipient> recipients = new ArrayList<>();
        TenantContext.runAsSystem(tenantId, () -> {
            UUID template = templates.create(TemplateChannel.EMAIL, "Tracking " + tag, TemplateCategory.EVENT, "");
            templates.publish(template, templates.get(template).version(),
                    new Availability(Availability.Audience.PILOT, Set.of(), Set.of(branchId), null, null));
            campaign[0] = campaigns.createFromTemplate(branchId, template, "Tracking " + tag);
            List<UUID> contactIds = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String email = "track-" + tag + "-" + i + "@example.com";
                UUID contact = contacts.create(branchId, new Contacts.ContactData(email,
                        withMobile ? "+3361234" + String.format("%04d", (int) (Math.random() * 10000)) : null,
                        "Camille", "Track" + i, null, null, null, null, null, null, List.of()));
                contacts.recordConsent(contact, Contacts.Channel.EMAIL, Contacts.ConsentState.GRANTED,
                        Contacts.ConsentSource.FORM, "test");
                if (withMobile) {
                    contacts.recordConsent(contact, Contacts.Channel.SMS, Contacts.ConsentState.GRANTED,
                            Contacts.ConsentSource.FORM, "test");
                }
                contactIds.add(contact);
            }
            tx.executeWithoutResult(s -> {
                jdbc.update("insert into campaign_send (tenant_id, campaign_id, branch_id, channel, recipient_count, "
                        + "sent_count) values (?, ?, ?, 'EMAIL', ?, ?)", tenantId, campaign[0], branchId, count, count);
                jdbc.update("insert into tracked_link (tenant_id, campaign_id, link_no, url) values (?, ?, 0, ?), "
                        + "(?, ?, 1, ?)", tenantId, campaign[0], LINK_0, tenantId, campaign[0], LINK_1);
                for (int i = 0; i < contactIds.size(); i++) {
                    String email = "track-" + tag + "-" + i + "@example.com";
                    Long id = jdbc.queryForObject("insert into campaign_recipient (tenant_id, campaign_id, contact_id, "
                            + "address, status, attempts, message_id, sent_at) values (?, ?, ?, ?, 'SENT', 1, ?, "
                            + "now() - interval '1 hour') returning id", Long.class, tenantId, campaign[0],
                            contactIds.get(i), email, "<" + tag + "-" + i + "@archipel.test>");
                    recipients.add(new Recipient(id, contactIds.get(i), email));
                }
            });
        });
        return new Sent(tenantId, campaign[0], branchId, recipients);
    }

    /** The events of a recipient, oldest first: kind, first_of_kind, machine_suspected, link_no. */
    public List<java.util.Map<String, Object>> events(UUID tenantId, long recipientId) {
        List<java.util.Map<String, Object>> rows = new ArrayList<>();
        TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> rows.addAll(jdbc.queryForList(
                "select kind, first_of_kind, machine_suspected, link_no, campaign_id, detail from tracking_event "
                        + "where tenant_id = ? and recipient_id = ? order by id", tenantId, recipientId))));
        return rows;
    }

    public int update(UUID tenantId, String sql, Object... args) {
        int[] n = new int[1];
        TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> n[0] = jdbc.update(sql, args)));
        return n[0];
    }

    public long count(UUID tenantId, String sql, Object... args) {
        long[] n = new long[1];
        TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> n[0] = jdbc.queryForObject(sql,
                Long.class, args)));
        return n[0];
    }
}
