package io.archipel.delivery.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.archipel.support.ArchipelTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The batch writer on its own: what stopping the application writes, and a full queue that never blocks. */
@ArchipelTest
class TrackingEventWriterTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private TrackingEvent open(TrackingFixture.Sent sent, int i) {
        return new TrackingEvent(sent.tenantId(), sent.recipients().get(i).id(), TrackingEvent.Kind.OPEN, -1,
                Instant.now(), false, null);
    }

    @Test
    void stoppingTheApplicationWritesWhatIsStillQueued() {
        TrackingFixture fixture = TrackingFixture.of(context);
        TrackingFixture.Sent sent = fixture.sent(2, false);
        // a writer whose periodic flush would only come in an hour
        TrackingEventWriter writer = new TrackingEventWriter(jdbc, transactions, true, 100, Duration.ofHours(1),
                Duration.ofSeconds(5));
        writer.start();
        for (int i = 0; i < 5; i++) {
            assertThat(writer.offer(open(sent, i % 2))).isTrue();
        }
        writer.stop();
        assertThat(fixture.count(sent.tenantId(), "select count(*) from tracking_event where tenant_id = ? and "
                + "campaign_id = ?", sent.tenantId(), sent.campaignId())).isEqualTo(5);
        assertThat(writer.counters().statements()).isEqualTo(1);
        assertThat(fixture.count(sent.tenantId(), "select count(*) from tracking_event where tenant_id = ? and "
                + "campaign_id = ? and first_of_kind", sent.tenantId(), sent.campaignId())).isEqualTo(2);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        TrackingFixture fixture = TrackingFixture.of(context);
        TrackingFixture.Sent sent = fixture.sent(1, false);
        TrackingEventWriter writer = new TrackingEventWriter(jdbc, transactions, true, 2, Duration.ofHours(1),
                Duration.ofSeconds(5));
        assertThat(writer.offer(open(sent, 0))).isTrue();
        assertThat(writer.offer(open(sent, 0))).isTrue();
        assertThat(writer.offer(open(sent, 0))).isFalse();
        assertThat(writer.offer(open(sent, 0))).isFalse();
        assertThat(writer.counters().dropped()).isEqualTo(2);
        writer.flush();
        assertThat(writer.counters().written()).isEqualTo(2);
        // writing off (benchmark baseline): nothing is queued
        writer.setEnabled(false);
        assertThat(writer.offer(open(sent, 0))).isFalse();
        writer.flush();
        assertThat(fixture.events(sent.tenantId(), sent.first().id())).hasSize(2);
    }
}
