package io.archipel.delivery.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.audience.SegmentService;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.PolicyService;
import io.archipel.delivery.DeliveryService;
import io.archipel.delivery.PauseReason;
import io.archipel.delivery.SendProgress;
import io.archipel.delivery.SendState;
import io.archipel.delivery.TrackingTokens;
import io.archipel.delivery.sandbox.MailSandbox;
import io.archipel.delivery.sandbox.SandboxMessages;
import io.archipel.delivery.sms.SmsTransport;
import io.archipel.delivery.smtp.CampaignTransport;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sending engine against real PostgreSQL and real SMTP servers (the mail sandbox's sink through the production
 * transport, and a GreenMail server of the test's own for failures): materialisation, personalisation, leases and
 * takeover, concurrent workers, retries, pauses, unsubscribes during a send, header injection, permissions.
 */
@ArchipelTest
class SendEngineTest {

    @Autowired
    Personas personas;
    @Autowired
    TemplateService templates;
    @Autowired
    PolicyService policies;
    @Autowired
    CampaignService campaigns;
    @Autowired
    SegmentService segments;
    @Autowired
    ContactService contacts;
    @Autowired
    BranchService branches;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager txManager;
    @Autowired
    SendStarter starter;
    @Autowired
    TrackedLinkStore trackedLinks;
    @Autowired
    SendWorker productionWorker;
    @Autowired
    CampaignMailFactory factory;
    @Autowired
    ObjectProvider<SmsTransport> sms;
    @Autowired
    MailSandbox sandbox;
    @Autowired
    DeliveryService delivery;
    @Autowired
    TrackingTokens tokens;
    @Autowired
    TenantService tenants;
    @Autowired
    UserAccountService users;
    @Autowired
    MockMvc mvc;

    SendFixture fx;
    GreenMail smtp;
    SmtpTestTransport transport;

    static final SendTuning FAST = new SendTuning(100, Duration.ofSeconds(30), 8, Duration.ofMillis(20),
            Duration.ofMillis(100), 200, 0.5);

    @BeforeEach
    void setUp() {
        fx = new SendFixture(personas, templates, policies, campaigns, segments, contacts, branches, jdbc,
                new TransactionTemplate(txManager));
        smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
        smtp.start();
        transport = new SmtpTestTransport(smtp.getSmtp().getPort());
    }

    @AfterEach
    void tearDown() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private SendWorker worker(CampaignTransport t) {
        return new SendWorker(jdbc, factory, t, sms, campaigns, txManager);
    }

    private void start(UUID campaignId) {
        assertThat(starter.start(fx.tenantId, campaignId)).isTrue();
    }

    /** Runs batches until no recipient is queued or claimed, or the send stopped running (bounded). */
    private void runUntilDone(SendWorker w, UUID campaignId, String workerId, SendTuning tuning) throws Exception {
        for (int i = 0; i < 2000; i++) {
            Map<String, Object> send = fx.send(campaignId);
            Map<String, Integer> st = fx.statuses(campaignId);
            if (!"RUNNING".equals(send.get("state")) || (!st.containsKey("QUEUED") && !st.containsKey("CLAIMED"))) {
                w.finishIfDone(fx.tenantId, campaignId);
                return;
            }
            if (w.processBatch(fx.tenantId, campaignId, workerId, tuning) == 0) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("send did not complete: " + fx.statuses(campaignId));
    }

    private List<MimeMessage> received(String tagPart) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                if (m.getSubject() != null && m.getSubject().contains(tagPart)) {
                    out.add(m);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static String to(MimeMessage m) {
        try {
            return ((jakarta.mail.internet.InternetAddress) m.getAllRecipients()[0]).getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    void onlyConsentingContactsGetExactlyOnePersonalisedTrackedMailAndTheCampaignEndsSent() throws Exception {
        fx.contact(fx.address("ann"), "Ann", true);
        fx.contact(fx.address("bob"), "Bob", true);
        fx.contact(fx.address("cleo"), "Cleo", false);
        fx.contact(fx.address("dan"), "Dan", true);
        personas.runAs(SendFixture.ADMIN, () -> contacts.suppress(fx.address("dan"), null,
                Contacts.SuppressionReason.HARD_BOUNCE));
        UUID campaignId = fx.approvedCampaign("Spring news " + fx.tag);
        // the links were stored at approval
        assertThat(fx.system(() -> jdbc.queryForList("select url from tracked_link where tenant_id = ? "
                + "and campaign_id = ? order by link_no", String.class, fx.tenantId, campaignId)))
                .contains(SendFixture.OFFER_URL);

        start(campaignId);
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENDING);
        assertThat(fx.send(campaignId).get("recipient_count")).isEqualTo(2);
        // starting twice does nothing
        assertThat(starter.start(fx.tenantId, campaignId)).isFalse();

        runUntilDone(productionWorker, campaignId, "e2e-" + fx.tag, FAST);

        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENT);
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("SENT", 2));
        Map<String, Object> send = fx.send(campaignId);
        assertThat(send.get("state")).isEqualTo("FINISHED");
        assertThat(send.get("sent_count")).isEqualTo(2);
        assertThat(send.get("recipient_count")).isEqualTo(2);

        List<SandboxMessages.Message> mails = new ArrayList<>();
        TenantContext.runAsSystem(fx.tenantId, () -> sandbox.list().stream()
                // the campaign's mails only, not the approval notices about it
                .filter(m -> m.subject().startsWith("Spring news " + fx.tag))
                .forEach(m -> mails.add(sandbox.get(m.id()))));
        assertThat(mails).extracting(SandboxMessages.Message::subject).containsExactlyInAnyOrder(
                "Spring news " + fx.tag + " for Ann", "Spring news " + fx.tag + " for Bob");
        assertThat(mails).extracting(SandboxMessages.Message::recipients).noneMatch(r -> r.contains("cleo-")
                || r.contains("dan-"));
        SandboxMessages.Message ann = mails.stream().filter(m -> m.subject().endsWith("Ann")).findFirst().orElseThrow();
        assertThat(ann.recipients()).contains(fx.address("ann"));
        assertThat(ann.html()).contains("Hello Ann").contains("/t/c/").contains("/t/o/")
                .doesNotContain("href=\"" + SendFixture.OFFER_URL);
        assertThat(ann.text()).contains("Hello Ann").contains("/t/c/");
        assertThat(ann.headers()).contains("List-Unsubscribe: <").contains("/u/")
                .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
                .contains("X-Archipel-Campaign: " + campaignId);
        // the branch's sender name; the Message-ID names the recipient row and the campaign (the webhook finds the
        // row from it)
        assertThat(ann.sender()).isNotBlank();
        long annRow = fx.system(() -> jdbc.queryForObject("select id from campaign_recipient where tenant_id = ? "
                + "and campaign_id = ? and address = ?", Long.class, fx.tenantId, campaignId, fx.address("ann")));
        assertThat(ann.headers()).containsPattern("(?i)Message-ID: <" + annRow + "\\."
                + CampaignMailFactory.campaignTag(campaignId) + "@[^>\\s]+>");

        // progress as the branch's manager sees it
        SendProgress progress = personas.callAs(SendFixture.LYON, () -> delivery.progress(campaignId)).orElseThrow();
        assertThat(progress.state()).isEqualTo(SendState.FINISHED);
        assertThat(progress.total()).isEqualTo(2);
        assertThat(progress.sent()).isEqualTo(2);
        assertThat(progress.queued()).isZero();
        assertThat(progress.percentDone()).isEqualTo(100);
        assertThat(progress.finishedAt()).isNotNull();
    }

    @Test
    void aWorkerThatDiesMidBatchIsTakenOverWhenItsLeaseExpiresAndEveryRecipientEndsInOneFinalState()
            throws Exception {
        int n = 12;
        fx.consentingContacts("crash", n);
        UUID campaignId = fx.approvedCampaign("Crash " + fx.tag);
        start(campaignId);
        SendTuning shortLease = FAST.withBatchSize(5).withLease(Duration.ofMillis(800));
        SendWorker dying = worker(transport);
        // the dying worker claims a batch, hands it to SMTP (the server accepts it) and dies before recording
        SendWorker.Batch batch = dying.claim(fx.tenantId, campaignId, "dying-" + fx.tag, shortLease);
        assertThat(batch.toSend()).hasSize(5);
        List<CampaignTransport.CampaignMail> inFlight = new ArrayList<>();
        for (int i = 0; i < batch.toSend().size(); i++) {
            SendWorker.Claimed r = batch.toSend().get(i);
            inFlight.add(new CampaignTransport.CampaignMail(factory.mail(batch.campaign(),
                    new CampaignMailFactory.Recipient(r.id(), r.address(), r.firstName(), r.lastName(), r.email())),
                    batch.messageIds().get(i)));
        }
        transport.sendAll(fx.tenantId, inFlight);
        assertThat(fx.statuses(campaignId)).containsEntry("CLAIMED", 5).containsEntry("QUEUED", n - 5);

        // another worker: first the unclaimed rows, then (lease expired) the abandoned ones
        runUntilDone(worker(transport), campaignId, "survivor-" + fx.tag, shortLease);

        Map<String, Integer> statuses = fx.statuses(campaignId);
        List<MimeMessage> got = received("Crash " + fx.tag);
        Map<String, Integer> perAddress = new HashMap<>();
        got.forEach(m -> perAddress.merge(to(m), 1, Integer::sum));
        int duplicates = got.size() - perAddress.size();
        System.out.printf("[crash test] recipients=%d final=%s mails=%d distinct=%d duplicates=%d (in-flight batch %d)%n",
                n, statuses, got.size(), perAddress.size(), duplicates, batch.toSend().size());
        assertThat(statuses).isEqualTo(Map.of("SENT", n));
        assertThat(perAddress).hasSize(n);
        assertThat(duplicates).isLessThanOrEqualTo(batch.toSend().size());
        assertThat(fx.send(campaignId).get("sent_count")).isEqualTo(n);
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENT);
        // the dying worker comes back: its lease is gone, so it changes nothing
        assertThat(fx.system(() -> jdbc.update("update campaign_recipient set status = 'FAILED' where tenant_id = ? "
                + "and campaign_id = ? and lease_owner = ? and status = 'CLAIMED'", fx.tenantId, campaignId,
                "dying-" + fx.tag))).isZero();
    }

    @Test
    void recipientsAreMaterialisedInChunksSentAsTheyComeAndAnInterruptedMaterialisationIsTakenUp()
            throws Exception {
        int n = 5;
        fx.consentingContacts("chunk", n);
        fx.contact(fx.address("chunk-no"), "NoConsent", false);
        UUID campaignId = fx.approvedCampaign("Chunked " + fx.tag);
        SendStarter chunked = new SendStarter(jdbc, campaigns, segments, trackedLinks, txManager, 2);

        // the instance dies right after the send started with its first chunk
        assertThat(chunked.startFirstChunk(fx.tenantId, campaignId)).isTrue();
        assertThat(fx.send(campaignId)).containsEntry("recipient_count", 2).containsEntry("materialising", true);
        SendProgress preparing = personas.callAs(SendFixture.LYON, () -> delivery.progress(campaignId)).orElseThrow();
        assertThat(preparing.preparing()).isTrue();
        assertThat(preparing.total()).isEqualTo(2);
        // the first chunk leaves at once, but the send cannot finish while chunks are to come
        runUntilDone(worker(transport), campaignId, "chunk-" + fx.tag, FAST);
        assertThat(received("Chunked " + fx.tag)).hasSize(2);
        assertThat(fx.send(campaignId).get("state")).isEqualTo("RUNNING");
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENDING);

        // the next start sweep of any instance finds it and materialises the rest
        assertThat(fx.system(() -> jdbc.queryForList("select campaign_id from archipel_materialising_sends()",
                UUID.class))).contains(campaignId);
        chunked.materialiseRest(fx.tenantId, campaignId);
        assertThat(fx.send(campaignId)).containsEntry("recipient_count", n).containsEntry("materialising", false);
        assertThat(fx.system(() -> jdbc.queryForList("select campaign_id from archipel_materialising_sends()",
                UUID.class))).doesNotContain(campaignId);
        runUntilDone(worker(transport), campaignId, "chunk-" + fx.tag, FAST);

        assertThat(fx.send(campaignId).get("state")).isEqualTo("FINISHED");
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENT);
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("SENT", n));
        assertThat(received("Chunked " + fx.tag)).extracting(SendEngineTest::to).containsExactlyInAnyOrder(
                fx.address("chunk0"), fx.address("chunk1"), fx.address("chunk2"), fx.address("chunk3"),
                fx.address("chunk4"));
        SendProgress done = personas.callAs(SendFixture.LYON, () -> delivery.progress(campaignId)).orElseThrow();
        assertThat(done.preparing()).isFalse();
        assertThat(done.total()).isEqualTo(n);
    }

    @Test
    void aSendCancelledWhileItsRecipientsAreMaterialisedGetsNoMoreOfThem() throws Exception {
        fx.consentingContacts("cchunk", 5);
        UUID campaignId = fx.approvedCampaign("Cut short " + fx.tag);
        SendStarter chunked = new SendStarter(jdbc, campaigns, segments, trackedLinks, txManager, 2);
        assertThat(chunked.startFirstChunk(fx.tenantId, campaignId)).isTrue();

        personas.runAs(SendFixture.ADMIN, () -> campaigns.cancel(campaignId, "wrong offer"));
        chunked.materialiseRest(fx.tenantId, campaignId);

        assertThat(fx.send(campaignId).get("state")).isEqualTo("CANCELLED");
        assertThat(fx.send(campaignId).get("recipient_count")).isEqualTo(2);
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("SKIPPED", 2));
        assertThat(fx.system(() -> jdbc.queryForList("select campaign_id from archipel_materialising_sends()",
                UUID.class))).doesNotContain(campaignId);
        assertThat(worker(transport).processBatch(fx.tenantId, campaignId, "cchunk-" + fx.tag, FAST)).isZero();
        assertThat(received("Cut short " + fx.tag)).isEmpty();
    }

    @Test
    void twoWorkersOnOneCampaignNeverSendToARecipientTwice() throws Exception {
        int n = 30;
        fx.consentingContacts("pair", n);
        UUID campaignId = fx.approvedCampaign("Pair " + fx.tag);
        start(campaignId);
        SendTuning small = FAST.withBatchSize(3);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String w : List.of("left", "right")) {
                SendWorker worker = worker(transport);
                done.add(pool.submit(() -> {
                    runUntilDone(worker, campaignId, w + "-" + fx.tag, small);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<MimeMessage> got = received("Pair " + fx.tag);
        Set<String> distinct = ConcurrentHashMap.newKeySet();
        got.forEach(m -> distinct.add(to(m)));
        assertThat(got).hasSize(n);
        assertThat(distinct).hasSize(n);
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("SENT", n));
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENT);
    }

    @Test
    void whileTheSmtpServerIsDownNobodyFailsAndTheCampaignCompletesOnceItIsBack() throws Exception {
        fx.consentingContacts("down", 4);
        UUID campaignId = fx.approvedCampaign("Down " + fx.tag);
        start(campaignId);
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        SendWorker w = worker(transport);
        String me = "down-" + fx.tag;
        // several rounds against the closed port: temporary failures only, retried after the backoff
        for (int round = 0; round < 3; round++) {
            w.processBatch(fx.tenantId, campaignId, me, FAST);
            Thread.sleep(150);
        }
        Map<String, Integer> whileDown = fx.statuses(campaignId);
        assertThat(whileDown).doesNotContainKey("FAILED").doesNotContainKey("SENT").containsEntry("QUEUED", 4);
        assertThat(fx.system(() -> jdbc.queryForObject("select min(attempts) from campaign_recipient "
                + "where tenant_id = ? and campaign_id = ?", Integer.class, fx.tenantId, campaignId)))
                .isGreaterThanOrEqualTo(2);

        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        runUntilDone(w, campaignId, me, FAST);
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("SENT", 4));
        assertThat(received("Down " + fx.tag)).hasSize(4);
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENT);
        assertThat(fx.send(campaignId).get("failed_count")).isEqualTo(0);
    }

    @Test
    void aPermanentRefusalFailsThatRecipientOnlyAndTooManyErrorsPauseTheSendUntilResumed() throws Exception {
        fx.consentingContacts("ok", 4);
        fx.contact(fx.address("gone"), "Gone", true);
        transport.reject.add(fx.address("gone"));
        UUID campaignId = fx.approvedCampaign("Refused " + fx.tag);
        start(campaignId);
        runUntilDone(worker(transport), campaignId, "perm-" + fx.tag, FAST);
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("SENT", 4, "FAILED", 1));
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENT);
        SendProgress p = personas.callAs(SendFixture.ADMIN, () -> delivery.progress(campaignId)).orElseThrow();
        assertThat(p.failed()).isEqualTo(1);
        assertThat(p.topErrors()).extracting(SendProgress.ErrorCount::error).containsExactly(
                "550 5.1.1 mailbox unavailable");

        // a second campaign where most addresses are refused: the send pauses itself
        SendFixture other = new SendFixture(personas, templates, policies, campaigns, segments, contacts, branches,
                jdbc, new TransactionTemplate(txManager));
        for (int i = 0; i < 6; i++) {
            other.contact(other.address("bad" + i), "Bad" + i, true);
        }
        UUID paused = other.approvedCampaign("Error rate " + other.tag);
        assertThat(starter.start(other.tenantId, paused)).isTrue();
        // the first four recipients in sending order are refused: the first two batches fill the window with errors
        transport.reject.addAll(other.system(() -> jdbc.queryForList("select address from campaign_recipient "
                + "where tenant_id = ? and campaign_id = ? order by id limit 4", String.class, other.tenantId,
                paused)));
        SendWorker w = worker(transport);
        SendTuning strict = FAST.withBatchSize(2).withPause(4, 0.5);
        for (int i = 0; i < 10 && "RUNNING".equals(other.send(paused).get("state")); i++) {
            w.processBatch(other.tenantId, paused, "rate-" + other.tag, strict);
        }
        SendProgress pausedProgress = personas.callAs(SendFixture.LYON, () -> delivery.progress(paused)).orElseThrow();
        assertThat(pausedProgress.state()).isEqualTo(SendState.PAUSED);
        assertThat(pausedProgress.pauseReason()).isEqualTo(PauseReason.ERROR_RATE);
        assertThat(other.statuses(paused)).isEqualTo(Map.of("FAILED", 4, "QUEUED", 2));
        assertThat(w.processBatch(other.tenantId, paused, "rate-" + other.tag, strict)).isZero();

        transport.reject.clear();
        personas.runAs(SendFixture.LYON, () -> delivery.resume(paused));
        runUntilDone(w, paused, "rate-" + other.tag, strict);
        assertThat(other.send(paused).get("state")).isEqualTo("FINISHED");
        assertThat(other.status(paused)).isEqualTo(CampaignStatus.SENT);
        assertThat(other.statuses(paused)).isEqualTo(Map.of("FAILED", 4, "SENT", 2));
    }

    @Test
    void aContactWhoUnsubscribesDuringTheSendGetsNothingMore() throws Exception {
        List<UUID> ids = fx.consentingContacts("unsub", 6);
        UUID campaignId = fx.approvedCampaign("Unsub " + fx.tag);
        start(campaignId);
        SendWorker w = worker(transport);
        SendTuning two = FAST.withBatchSize(2);
        w.processBatch(fx.tenantId, campaignId, "unsub-" + fx.tag, two);
        // a contact still queued withdraws consent (the unsubscribe link does the same)
        UUID leaving = fx.system(() -> jdbc.queryForObject("select contact_id from campaign_recipient "
                + "where tenant_id = ? and campaign_id = ? and status = 'QUEUED' order by id desc limit 1",
                UUID.class, fx.tenantId, campaignId));
        personas.runAs(SendFixture.ADMIN, () -> contacts.recordConsent(leaving, Contacts.Channel.EMAIL,
                Contacts.ConsentState.WITHDRAWN, Contacts.ConsentSource.UNSUBSCRIBE_LINK, null));
        String leavingAddress = personas.callAs(SendFixture.ADMIN, () -> contacts.get(leaving).email());

        runUntilDone(w, campaignId, "unsub-" + fx.tag, two);
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("SENT", 5, "SKIPPED", 1));
        assertThat(received("Unsub " + fx.tag)).hasSize(5).noneMatch(m -> to(m).equalsIgnoreCase(leavingAddress));
        assertThat(fx.send(campaignId).get("skipped_count")).isEqualTo(1);
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENT);
    }

    @Test
    void lineBreaksInAFirstNameNeverMakeAHeader() throws Exception {
        UUID evil = fx.contact(fx.address("evil"), "Eve", true);
        // typed through an import or the API, a first name could hold anything: write it straight into the row
        fx.system(() -> jdbc.update("update contact set first_name = ? where tenant_id = ? and id = ?",
                "Eve\r\nBcc: victim@elsewhere.example\r\nX-Injected: yes", fx.tenantId, evil));
        UUID campaignId = fx.approvedCampaign("Inject " + fx.tag);
        start(campaignId);
        runUntilDone(worker(transport), campaignId, "inject-" + fx.tag, FAST);

        List<MimeMessage> got = received("Inject " + fx.tag);
        assertThat(got).hasSize(1);
        MimeMessage m = got.get(0);
        assertThat(m.getHeader("X-Injected")).isNull();
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getAllRecipients()).hasSize(1);
        assertThat(m.getSubject()).startsWith("Inject " + fx.tag + " for Eve").doesNotContain("\n").doesNotContain("\r");
        // one SMTP envelope to one address: nothing went to the injected Bcc
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        Multipart parts = (Multipart) m.getContent();
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat((String) parts.getBodyPart(1).getContent()).contains("Bcc: victim@elsewhere.example")
                .doesNotContain("<script");
    }

    @Test
    void pauseResumeAndCancelAreForTheBranchAndHqOnly() throws Exception {
        fx.consentingContacts("ctl", 3);
        UUID campaignId = fx.approvedCampaign("Control " + fx.tag);
        // before the start there is no progress
        assertThat(personas.callAs(SendFixture.LYON, () -> delivery.progress(campaignId))).isEmpty();
        start(campaignId);

        assertThatThrownBy(() -> personas.runAs(Personas.OTHER_BRANCH_MANAGER, () -> delivery.pause(campaignId)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.runAs(Personas.VALIDATOR, () -> delivery.pause(campaignId)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> personas.runAs(Personas.EXECUTIVE, () -> delivery.cancelSend(campaignId)))
                .isInstanceOf(AccessDeniedException.class);
        String outsider = outsiderAdmin();
        assertThatThrownBy(() -> personas.runAs(outsider, () -> delivery.pause(campaignId)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.runAs(outsider, () -> delivery.progress(campaignId)))
                .isInstanceOf(NotFoundException.class);
        assertThat(fx.send(campaignId).get("state")).isEqualTo("RUNNING");

        personas.runAs(SendFixture.LYON, () -> delivery.pause(campaignId));
        SendProgress paused = personas.callAs(SendFixture.MARKETER, () -> delivery.progress(campaignId)).orElseThrow();
        assertThat(paused.state()).isEqualTo(SendState.PAUSED);
        assertThat(paused.pauseReason()).isEqualTo(PauseReason.USER);
        assertThat(paused.pausedBy()).isEqualTo(SendFixture.LYON);
        // a paused send is not worked on
        assertThat(worker(transport).processBatch(fx.tenantId, campaignId, "ctl-" + fx.tag, FAST)).isZero();
        assertThatThrownBy(() -> personas.runAs(SendFixture.LYON, () -> delivery.pause(campaignId)))
                .isInstanceOf(IllegalStateException.class);

        personas.runAs(SendFixture.MARKETER, () -> delivery.resume(campaignId));
        personas.runAs(SendFixture.ADMIN, () -> delivery.cancelSend(campaignId));
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.CANCELLED);
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("SKIPPED", 3));
        SendProgress cancelled = personas.callAs(SendFixture.LYON, () -> delivery.progress(campaignId)).orElseThrow();
        assertThat(cancelled.state()).isEqualTo(SendState.CANCELLED);
        assertThat(cancelled.skipped()).isEqualTo(3);
        assertThat(worker(transport).processBatch(fx.tenantId, campaignId, "ctl-" + fx.tag, FAST)).isZero();
        assertThat(received("Control " + fx.tag)).isEmpty();
    }

    @Test
    void cancellingTheCampaignItselfWhileItIsSendingStopsTheSend() throws Exception {
        fx.consentingContacts("cxl", 3);
        UUID campaignId = fx.approvedCampaign("Cancelled " + fx.tag);
        start(campaignId);

        // HQ cancels the campaign (campaign module), not the send: the send must stop all the same
        personas.runAs(SendFixture.ADMIN, () -> campaigns.cancel(campaignId, "wrong offer"));

        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.CANCELLED);
        assertThat(fx.send(campaignId).get("state")).isEqualTo("CANCELLED");
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("SKIPPED", 3));
        assertThat(worker(transport).processBatch(fx.tenantId, campaignId, "cxl-" + fx.tag, FAST)).isZero();
        assertThat(received("Cancelled " + fx.tag)).isEmpty();
    }

    @Test
    void viewOnlineShowsTheRecipientsMailUnderAStrictPolicyAndRefusesAlteredTokens() throws Exception {
        fx.contact(fx.address("web"), "Wendy", true);
        UUID campaignId = fx.approvedCampaign("Online " + fx.tag);
        start(campaignId);
        long recipientId = fx.system(() -> jdbc.queryForObject("select id from campaign_recipient where tenant_id = ? "
                + "and campaign_id = ?", Long.class, fx.tenantId, campaignId));
        String token = tokens.open(fx.tenantId, recipientId);

        var response = mvc.perform(get("/t/v/{token}", token)).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("Hello Wendy").contains("/t/c/");
        assertThat(response.getHeader("Content-Security-Policy")).contains("default-src 'none'")
                .doesNotContain("script-src");
        assertThat(response.getContentType()).startsWith("text/html");
        assertThat(response.getCookies()).isEmpty();

        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        mvc.perform(get("/t/v/{token}", altered)).andExpect(status().isNotFound());
        mvc.perform(get("/t/v/{token}", tokens.click(fx.tenantId, recipientId, 0))).andExpect(status().isNotFound());
        mvc.perform(get("/t/v/{token}", "nonsense")).andExpect(status().isNotFound());
    }

    @Test
    void smsCampaignsGoThroughTheSmsProviderAndWaitWhileThereIsNone() throws Exception {
        fx.smsContact("+33612" + (100000 + new java.util.Random().nextInt(899999)), "Sam");
        fx.smsContact("+33613" + (100000 + new java.util.Random().nextInt(899999)), "Sue");
        UUID campaignId = fx.approvedSmsCampaign();
        start(campaignId);
        assertThat(fx.send(campaignId).get("recipient_count")).isEqualTo(2);

        // no provider: temporary, the recipients wait
        SendWorker without = new SendWorker(jdbc, factory, transport,
                new org.springframework.beans.factory.support.StaticListableBeanFactory()
                        .getBeanProvider(SmsTransport.class), campaigns, txManager);
        without.processBatch(fx.tenantId, campaignId, "sms-" + fx.tag, FAST);
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("QUEUED", 2));

        List<SmsTransport.Sms> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        SmsTransport provider = (tenantId, messages) -> {
            sent.addAll(messages);
            return messages.stream().map(m -> CampaignTransport.Outcome.ACCEPTED_OUTCOME).toList();
        };
        SendWorker with = new SendWorker(jdbc, factory, transport,
                new org.springframework.beans.factory.support.StaticListableBeanFactory(Map.of("sms", provider))
                        .getBeanProvider(SmsTransport.class), campaigns, txManager);
        Thread.sleep(150);
        runUntilDone(with, campaignId, "sms-" + fx.tag, FAST);
        assertThat(fx.statuses(campaignId)).isEqualTo(Map.of("SENT", 2));
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENT);
        assertThat(sent).hasSize(2).allSatisfy(m -> assertThat(m.toE164()).startsWith("+336"));
        // merge values filled (the branch's name opens the starter), nothing left unresolved
        assertThat(sent).extracting(SmsTransport.Sms::text).allSatisfy(t -> assertThat(t).doesNotContain("{{")
                .isNotBlank());
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aScheduledCampaignIsDueOnlyOnceItsDateHasComeAndStartsOnce() {
        fx.contact(fx.address("later"), "Later", true);
        UUID scheduled = fx.approvedCampaign("Later " + fx.tag, java.time.Instant.now().plus(Duration.ofDays(2)));
        assertThat(fx.status(scheduled)).isEqualTo(CampaignStatus.SCHEDULED);
        assertThat(due()).doesNotContain(scheduled);
        assertThat(starter.start(fx.tenantId, scheduled)).isFalse();
        assertThat(fx.status(scheduled)).isEqualTo(CampaignStatus.SCHEDULED);

        // its date comes
        fx.system(() -> jdbc.update("update campaign set send_at = now() - interval '1 second' where tenant_id = ? "
                + "and id = ?", fx.tenantId, scheduled));
        assertThat(due()).contains(scheduled);
        assertThat(starter.start(fx.tenantId, scheduled)).isTrue();
        assertThat(fx.status(scheduled)).isEqualTo(CampaignStatus.SENDING);
        assertThat(due()).doesNotContain(scheduled);
        assertThat(starter.start(fx.tenantId, scheduled)).isFalse();
        assertThat(fx.send(scheduled).get("recipient_count")).isEqualTo(1);
    }

    @Test
    void aCampaignWithNobodyToReachIsSentAtOnceWithZero() {
        fx.contact(fx.address("nobody"), "Nobody", false);
        UUID campaignId = fx.approvedCampaign("Nobody " + fx.tag);
        start(campaignId);
        assertThat(fx.status(campaignId)).isEqualTo(CampaignStatus.SENT);
        Map<String, Object> send = fx.send(campaignId);
        assertThat(send.get("state")).isEqualTo("FINISHED");
        assertThat(send.get("recipient_count")).isEqualTo(0);
        SendProgress p = personas.callAs(SendFixture.LYON, () -> delivery.progress(campaignId)).orElseThrow();
        assertThat(p.total()).isZero();
        assertThat(p.percentDone()).isEqualTo(100);
        assertThat(p.active()).isFalse();
    }

    /** Campaigns the starter would pick now (all tenants). */
    private List<UUID> due() {
        return new TransactionTemplate(txManager).execute(s -> jdbc.queryForList(
                "select campaign_id from archipel_due_campaign_sends(100000)", UUID.class));
    }

    /** An HQ admin of a tenant of their own. */
    private String outsiderAdmin() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID tenantId = tenants.create("outsider-" + tag, "Outsider " + tag, "en");
        String email = "admin-" + tag + "@outsider.example";
        TenantContext.runAsSystem(tenantId, () -> users.create(new UserAccountService.UserData(email, "Outsider",
                Role.HQ_ADMIN, ScopeType.TENANT, null, Set.of(), "Outsider-Password-2026")));
        return email;
    }
}
