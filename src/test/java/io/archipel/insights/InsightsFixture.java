package io.archipel.insights;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes sent campaigns with known results straight into the delivery tables of the demo network (as the send
 * workers and the tracking writer would leave them), each test on a day of its own far in the past so that the
 * figures of a period are exactly those the test wrote.
 */
@Component
public class InsightsFixture {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TenantService tenants;

    public InsightsFixture(JdbcTemplate jdbc, PlatformTransactionManager transactions, TenantService tenants) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.tenants = tenants;
    }

    public UUID tenant() {
        return tenants.findBySlug("maison-lumiere").orElseThrow().id();
    }

    /** A random day between 1990 and 2015 (a Wednesday), for a test's own period. */
    public static LocalDate randomDay() {
        LocalDate d = LocalDate.of(1990, 1, 3).plusWeeks(ThreadLocalRandom.current().nextInt(0, 52 * 25));
        return d;
    }

    public UUID branch(String code) {
        return call(() -> jdbc.queryForObject("select id from branch where tenant_id = ? and code = ?", UUID.class,
                tenant(), code));
    }

    /** The names of the tenant's branches but the one of {@code code}. */
    public List<String> otherBranchNames(String code) {
        return call(() -> jdbc.queryForList("select name from branch where tenant_id = ? and code <> ?", String.class,
                tenant(), code));
    }

    public UUID territory(String name) {
        return call(() -> jdbc.queryForObject("select id from territory where tenant_id = ? and name = ?", UUID.class,
                tenant(), name));
    }

    /** A new pushed kit on the fixture template. */
    public UUID kit(String name) {
        UUID id = UUID.randomUUID();
        call(() -> jdbc.update("""
                insert into campaign_kit (tenant_id, id, name, template_id, template_version_id, status, pushed_at,
                                          pushed_by, created_by, updated_by)
                select t.tenant_id, ?, ?, t.id, v.id, 'PUSHED', now(), 'test', 'test', 'test'
                  from template t join template_version v on v.tenant_id = t.tenant_id and v.template_id = t.id
                 where t.tenant_id = ? and t.channel = 'EMAIL' and t.name = ? order by v.number limit 1
                """, id, name, tenant(), TEMPLATE));
        return id;
    }

    /** The demo template every fixture campaign is sent from. */
    public static final String TEMPLATE = "Soldes d'hiver";

    /**
     * A SENT e-mail campaign of the branch, started at noon of {@code day}: {@code recipients} targeted, all sent but
     * {@code failed}; {@code opens} and {@code clicks} unique, {@code unsubscribes}, {@code bounces}.
     */
    public UUID sent(String branchCode, String name, LocalDate day, UUID kitId, int recipients, int failed, int opens,
            int clicks, int unsubscribes, int bounces) {
        UUID branchId = branch(branchCode);
        UUID id = UUID.randomUUID();
        Timestamp at = Timestamp.from(day.atTime(12, 0).atZone(ZoneId.of("Europe/Paris")).toInstant());
        call(() -> {
            UUID t = tenant();
            jdbc.update("""
                    insert into campaign (tenant_id, id, branch_id, template_id, template_version_id, channel, name,
                                          status, content, created_by, updated_by, kit_id, send_at, created_at)
                    select t.tenant_id, ?, ?, t.id, v.id, 'EMAIL', ?, 'SENT', '{}', 'test', 'test', ?, ?, ?
                      from template t join template_version v on v.tenant_id = t.tenant_id and v.template_id = t.id
                     where t.tenant_id = ? and t.channel = 'EMAIL' and t.name = ?
                     order by v.number limit 1
                    """, id, branchId, name, kitId, at, at, t, TEMPLATE);
            jdbc.update("""
                    insert into campaign_send (tenant_id, campaign_id, branch_id, channel, state, recipient_count,
                                               sent_count, failed_count, started_at, finished_at)
                    values (?, ?, ?, 'EMAIL', 'FINISHED', ?, ?, ?, ?, ?)
                    """, t, id, branchId, recipients, recipients - failed, failed, at, at);
            // recipient ids are unique across the database, as campaign_recipient ids are
            long base = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 4);
            events(t, id, "OPEN", opens, at, base);
            events(t, id, "CLICK", clicks, at, base);
            events(t, id, "UNSUBSCRIBE", unsubscribes, at, base);
            events(t, id, "BOUNCE", bounces, at, base + 1_000_000);
            // a second open of the first recipient: not unique, must not count
            if (opens > 0) {
                jdbc.update("insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, occurred_at, "
                        + "first_of_kind) values (?, ?, ?, 'OPEN', ?, false)", t, id, base + 1, at);
            }
            return null;
        });
        return id;
    }

    private void events(UUID tenant, UUID campaign, String kind, int n, Timestamp at, long base) {
        jdbc.update("insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, occurred_at, first_of_kind)"
                + " select ?, ?, ? + g, ?, ?, true from generate_series(1, ?) g", tenant, campaign, base, kind, at, n);
    }

    private <T> T call(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(tenant(), () -> tx.execute(s -> work.get()));
    }
}
