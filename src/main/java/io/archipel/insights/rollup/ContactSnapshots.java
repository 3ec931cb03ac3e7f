package io.archipel.insights.rollup;

import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Daily snapshots of each branch's contact base ({@code insights_contact_day}), off the import hot path: at start and
 * every {@code archipel.insights.contact-snapshot.every} (1 h) each tenant's days from its last snapshot to today are
 * (re)written, today's included; a tenant without snapshots gets its history since its first contact (at most
 * {@code archipel.insights.contact-snapshot.max-days}, 400 days), counted from contacts' creation and erasure dates.
 */
@Component
@EnableScheduling
public class ContactSnapshots {

    private static final Logger log = LoggerFactory.getLogger(ContactSnapshots.class);
    /** The day boundaries of the snapshots (the networks are French today). */
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TenantService tenants;
    private final int maxDays;

    ContactSnapshots(JdbcTemplate jdbc, PlatformTransactionManager transactions, TenantService tenants,
            @org.springframework.beans.factory.annotation.Value("${archipel.insights.contact-snapshot.max-days:400}")
            int maxDays) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.tenants = tenants;
        this.maxDays = maxDays;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        refreshAll();
    }

    @Scheduled(initialDelayString = "${archipel.insights.contact-snapshot.every:PT1H}",
            fixedDelayString = "${archipel.insights.contact-snapshot.every:PT1H}")
    void hourly() {
        refreshAll();
    }

    /** Brings every tenant's snapshots up to today. */
    public void refreshAll() {
        for (var tenant : tenants.list()) {
            try {
                refresh(tenant.id());
            } catch (RuntimeException e) {
                log.warn("Contact snapshot of tenant {} failed", tenant.id(), e);
            }
        }
    }

    /** Brings one tenant's snapshots up to today; returns the rows written. */
    public long refresh(UUID tenantId) {
        long[] rows = {0};
        TenantContext.runAsSystem(tenantId, () -> transaction.executeWithoutResult(status -> {
            LocalDate today = LocalDate.now(ZONE);
            Date last = jdbc.queryForObject("select max(day) from insights_contact_day", Date.class);
            LocalDate from;
            if (last != null) {
                from = last.toLocalDate();
            } else {
                java.sql.Timestamp first = jdbc.queryForObject("select min(created_at) from contact",
                        java.sql.Timestamp.class);
                from = first == null ? today : first.toInstant().atZone(ZONE).toLocalDate();
            }
            if (from.isBefore(today.minusDays(maxDays))) {
                from = today.minusDays(maxDays);
            }
            if (from.isAfter(today)) {
                from = today;
            }
            Long n = jdbc.queryForObject("select insights_snapshot_contacts(?, ?)", Long.class, Date.valueOf(from),
                    Date.valueOf(today));
            rows[0] = n == null ? 0 : n;
        }));
        return rows[0];
    }
}
