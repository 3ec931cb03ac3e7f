package io.archipel.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.archipel.delivery.SendingSettings;
import io.archipel.delivery.SendingSettings.Security;
import io.archipel.delivery.SendingSettings.TransportSettings;
import io.archipel.delivery.smtp.CampaignTransport.CampaignMail;
import io.archipel.delivery.smtp.CampaignTransport.Kind;
import io.archipel.delivery.smtp.CampaignTransport.Outcome;
import io.archipel.shared.mail.OutgoingMail;
import jakarta.mail.internet.MimeMessage;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The pooled SMTP transport against real SMTP servers on loopback (GreenMail, and a scripted server where exact
 * replies or exact bytes matter). No Spring context: the tenant's settings are given directly.
 */
class PooledSmtpTransportTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final SendingSettings settings = mock(SendingSettings.class);
    @SuppressWarnings("unchecked")
    private final ObjectProvider<JavaMailSender> noPlatform = mock(ObjectProvider.class);
    private final PooledSmtpTransport transport = new PooledSmtpTransport(settings, noPlatform, System::nanoTime,
            2000, 5000, pipelining());

    /**
     * Plain relays without authentication go through our pipelined client ({@link PipelinedSmtpConnection});
     * {@link PooledSmtpTransportJakartaTest} runs every test again through Jakarta Mail (the path of TLS and
     * authenticated relays).
     */
    boolean pipelining() {
        return true;
    }

    @AfterEach
    void close() throws Exception {
        transport.destroy();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void aBatchOverThreeConnectionsDeliversEveryMailOnceOverTcpNoDelaySockets() {
        GreenMail server = greenMail(0);
        UUID tenant = UUID.randomUUID();
        relay(tenant, server.getSmtp().getPort(), 3, 1L);

        List<CampaignMail> mails = mails("pool", 30);
        List<Outcome> outcomes = transport.sendAll(tenant, mails);

        assertThat(outcomes).hasSize(30).allMatch(o -> o.kind() == Kind.ACCEPTED);
        MimeMessage[] received = server.getReceivedMessages();
        assertThat(received).hasSize(30);
        Set<String> ids = new HashSet<>();
        for (MimeMessage m : received) {
            ids.add(header(m, "Message-ID"));
            assertThat(header(m, "X-Archipel-Tenant")).isEqualTo(tenant.toString());
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(mails.stream().map(CampaignMail::messageId).toList());
        assertThat(transport.connectionsOpened(tenant)).isEqualTo(3);
        List<Socket> sockets = NoDelaySocketFactory.recentSockets().stream()
                .filter(s -> s.getPort() == server.getSmtp().getPort()).toList();
        assertThat(sockets).hasSize(3).allMatch(PooledSmtpTransportTest::noDelay);

        // a second batch reuses the open connections
        assertThat(transport.sendAll(tenant, mails("again", 9))).allMatch(o -> o.kind() == Kind.ACCEPTED);
        assertThat(server.getReceivedMessages()).hasSize(39);
        assertThat(transport.connectionsOpened(tenant)).isEqualTo(3);
    }

    @Test
    void aPermanentRefusalFailsOnlyThatRecipientAndA4xxIsTemporary() throws IOException {
        ScriptedSmtpServer server = scripted();
        UUID tenant = UUID.randomUUID();
        relay(tenant, server.port(), 1, 1L);

        List<CampaignMail> mails = List.of(mail("ok-1@example.com", "<a1@test>"),
                mail("reject-2@example.com", "<a2@test>"), mail("busy-3@example.com", "<a3@test>"),
                mail("ok-4@example.com", "<a4@test>"));
        List<Outcome> outcomes = transport.sendAll(tenant, mails);

        assertThat(outcomes).extracting(Outcome::kind)
                .containsExactly(Kind.ACCEPTED, Kind.PERMANENT, Kind.TEMPORARY, Kind.ACCEPTED);
        assertThat(outcomes.get(1).detail()).contains("550");
        assertThat(outcomes.get(2).detail()).contains("450");
        assertThat(server.received()).extracting(r -> r.to().get(0))
                .containsExactly("ok-1@example.com", "ok-4@example.com");
    }

    @Test
    void whileTheServerIsDownEveryMailIsTemporaryAndOnceItIsBackTheyAreAccepted() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        UUID tenant = UUID.randomUUID();
        relay(tenant, port, 2, 1L);

        List<Outcome> down = transport.sendAll(tenant, mails("down", 10));
        assertThat(down).hasSize(10).allMatch(o -> o.kind() == Kind.TEMPORARY);

        GreenMail server = greenMail(port);
        List<Outcome> up = transport.sendAll(tenant, mails("up", 10));
        assertThat(up).allMatch(o -> o.kind() == Kind.ACCEPTED);
        assertThat(server.getReceivedMessages()).hasSize(10);
        assertThat(transport.connectionsOpened(tenant)).isEqualTo(2);

        // the server goes away while connections are open, then comes back: connections are made again
        server.stop();
        assertThat(transport.sendAll(tenant, mails("gone", 4))).allMatch(o -> o.kind() == Kind.TEMPORARY);
        GreenMail again = greenMail(port);
        assertThat(transport.sendAll(tenant, mails("back", 4))).allMatch(o -> o.kind() == Kind.ACCEPTED);
        assertThat(again.getReceivedMessages()).hasSize(4);
    }

    @Test
    void eachTenantsMailGoesThroughItsOwnRelay() {
        GreenMail first = greenMail(0);
        GreenMail second = greenMail(0);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        relay(a, first.getSmtp().getPort(), 2, 1L);
        relay(b, second.getSmtp().getPort(), 2, 1L);

        assertThat(transport.sendAll(a, mails("tenant-a", 5))).allMatch(o -> o.kind() == Kind.ACCEPTED);
        assertThat(transport.sendAll(b, mails("tenant-b", 3))).allMatch(o -> o.kind() == Kind.ACCEPTED);

        assertThat(first.getReceivedMessages()).hasSize(5)
                .allMatch(m -> header(m, "X-Archipel-Tenant").equals(a.toString()));
        assertThat(second.getReceivedMessages()).hasSize(3)
                .allMatch(m -> header(m, "X-Archipel-Tenant").equals(b.toString()));

        // HQ of tenant b points its relay elsewhere: the next batch goes there
        relay(b, first.getSmtp().getPort(), 1, 2L);
        assertThat(transport.sendAll(b, mails("tenant-b-moved", 2))).allMatch(o -> o.kind() == Kind.ACCEPTED);
        assertThat(first.getReceivedMessages()).hasSize(7);
        assertThat(second.getReceivedMessages()).hasSize(3);
    }

    @Test
    void dkimSignaturesVerifyWithAnIndependentVerifierAndFailWhenTheBodyIsAltered() throws Exception {
        ScriptedSmtpServer server = scripted();
        UUID tenant = UUID.randomUUID();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        SendingSettings.Dkim dkim = new SendingSettings.Dkim("news.example.com", "arch2026", key);
        when(settings.transport(tenant)).thenReturn(new TransportSettings(Optional.of(new SendingSettings.Relay(
                "127.0.0.1", server.port(), Security.NONE, null, null)), Optional.of(dkim), 1000, 1, 1L));

        OutgoingMail mail = OutgoingMail.of("Maison Lumière", "news@news.example.com", "Zoé Dupont",
                "zoe@example.com", "Les soldes d'hiver commencent ✨", "<p>Bonjour Zoé, <a href=\"https://x.example/t/c/abc\">"
                        + "voir</a></p>", "Bonjour Zoé")
                .withHeader("List-Unsubscribe", "<https://x.example/u/tok>")
                .withHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        assertThat(transport.sendAll(tenant, List.of(new CampaignMail(mail, "<dkim-1@news.example.com>"))))
                .allMatch(o -> o.kind() == Kind.ACCEPTED);

        String raw = server.received().get(0).text();
        assertThat(raw).contains("DKIM-Signature:").contains("Message-ID: <dkim-1@news.example.com>");
        String signature = raw.substring(raw.indexOf("DKIM-Signature:"), raw.indexOf("\r\n", raw.indexOf("h=")));
        assertThat(signature).contains("c=relaxed/relaxed").contains("d=news.example.com").contains("s=arch2026");
        String signedHeaders = unfold(raw).replaceAll("(?s).*DKIM-Signature:[^\\r\\n]*?h=([^;]+);.*", "$1")
                .toLowerCase();
        assertThat(signedHeaders).contains("from", "to", "subject", "date", "message-id", "list-unsubscribe",
                "list-unsubscribe-post");

        String publicRecord = SendingSettings.dnsRecordValue(key);
        assertThat(verifies(raw, publicRecord)).isTrue();
        String alteredBody = raw.replace("Bonjour Zo", "Bonsoir Zo");
        assertThat(alteredBody).isNotEqualTo(raw);
        assertThat(verifies(alteredBody, publicRecord)).isFalse();
        String alteredHeader = raw.replace("Message-ID: <dkim-1@", "Message-ID: <dkim-2@");
        assertThat(alteredHeader).isNotEqualTo(raw);
        assertThat(verifies(alteredHeader, publicRecord)).isFalse();
    }

    @Test
    void contentIsDotStuffedAndArrivesByteForByteWithItsOwnMessageId() throws IOException {
        ScriptedSmtpServer server = scripted();
        UUID tenant = UUID.randomUUID();
        relay(tenant, server.port(), 1, 1L);
        // lines starting with a dot (one alone ends the data if not doubled) and a text without a final line break
        String text = ".\n..two dots\n.end\nlast line .";
        OutgoingMail mail = OutgoingMail.of("Maison", "news@maison.example", null, "dots@example.com", "Dots",
                null, text);
        List<Outcome> outcomes = transport.sendAll(tenant, List.of(new CampaignMail(mail, "<dots-1@archipel.test>"),
                mail("ok-after@example.com", "<dots-2@archipel.test>")));

        assertThat(outcomes).extracting(Outcome::kind).containsExactly(Kind.ACCEPTED, Kind.ACCEPTED);
        assertThat(server.received()).hasSize(2);
        String raw = server.received().get(0).text();
        io.archipel.delivery.internal.MimeMails.Raw expected = io.archipel.delivery.internal.MimeMails.raw(mail,
                tenant, "<dots-1@archipel.test>", java.time.ZonedDateTime.now());
        String body = new String(expected.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("Message-ID: <dots-1@archipel.test>\r\n")
                .endsWith("\r\n\r\n" + body + (body.endsWith("\r\n") ? "" : "\r\n"));
        // quoted-printable writes a dot that would start a line as =2E: the decoded text keeps its dots
        assertThat(body).startsWith("=2E\r\n=2E.two dots\r\n=2Eend\r\n").doesNotContain("\n.");

        // the client's own dot-stuffing, for content that has such lines
        byte[] dotted = ".a\r\n..b\r\nc.\r\n.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] stuffed = new byte[dotted.length * 2];
        int end = PipelinedSmtpConnection.stuff(dotted, stuffed, 0);
        assertThat(new String(stuffed, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("..a\r\n...b\r\nc.\r\n..");
        assertThat(server.received().get(1).to()).containsExactly("ok-after@example.com");
        // the server advertises PIPELINING: our client sends MAIL, RCPT and DATA in one go
        try (PipelinedSmtpConnection c = PipelinedSmtpConnection.open("127.0.0.1", server.port(), "test.example",
                2000, 5000)) {
            assertThat(c.pipelining()).isTrue();
        }
    }

    @Test
    void theTokenBucketNeverGrantsMoreThanItsRatePlusItsBurst() {
        AtomicLong now = new AtomicLong(0);
        TokenBucket bucket = new TokenBucket(100, 5, now::get);
        // many threads' worth of reservations at once: each permit is granted at now + wait
        List<Long> grants = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            now.addAndGet(3_000_000); // 3 ms of simulated time between demands, 3 demands each (1,000 per second)
            for (int k = 0; k < 3; k++) {
                grants.add(now.get() + bucket.reserve());
            }
        }
        grants.sort(Long::compare);
        // over any window of one second at most rate + burst permits are granted
        for (int i = 0; i < grants.size(); i++) {
            long windowEnd = grants.get(i) + 1_000_000_000L;
            long inWindow = IntStream.range(i, grants.size()).filter(j -> grants.get(j) < windowEnd).count();
            assertThat(inWindow).isLessThanOrEqualTo(105);
        }
        // and it does not starve: 900 demands are served at ~100 per second
        long last = grants.get(grants.size() - 1);
        assertThat(last).isBetween(8_900_000_000L, 9_100_000_000L);
    }

    // ------------------------------------------------------------------------------------------------------------

    private boolean verifies(String raw, String publicRecord) throws IOException {
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            assertThat(selector.toString()).isEqualTo("arch2026");
            assertThat(domain.toString()).isEqualTo("news.example.com");
            return List.of(publicRecord);
        });
        try {
            List<SignatureRecord> records = verifier.verify(new ByteArrayInputStream(
                    raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            return records != null && !records.isEmpty();
        } catch (FailException e) {
            return false;
        }
    }

    private static String unfold(String raw) {
        return raw.replaceAll("\r\n[ \t]+", " ");
    }

    private void relay(UUID tenant, int port, int connections, long version) {
        when(settings.transport(tenant)).thenReturn(new TransportSettings(Optional.of(new SendingSettings.Relay(
                "127.0.0.1", port, Security.NONE, null, null)), Optional.empty(), 100_000, connections, version));
    }

    private GreenMail greenMail(int port) {
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        toClose.add(server::stop);
        return server;
    }

    private ScriptedSmtpServer scripted() throws IOException {
        ScriptedSmtpServer server = new ScriptedSmtpServer();
        toClose.add(server);
        return server;
    }

    private static List<CampaignMail> mails(String tag, int n) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return IntStream.range(0, n).mapToObj(i -> mail(tag + "-" + i + "-" + run + "@example.com",
                "<" + tag + "-" + i + "-" + run + "@archipel.test>")).toList();
    }

    private static CampaignMail mail(String to, String messageId) {
        return new CampaignMail(OutgoingMail.of("Maison", "news@maison.example", null, to, "Hello", "<p>Hello</p>",
                "Hello"), messageId);
    }

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, null);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean noDelay(Socket s) {
        try {
            return s.getTcpNoDelay();
        } catch (IOException e) {
            return false;
        }
    }
}
