package io.archipel.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;

import io.archipel.shared.mail.OutgoingMail;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

/** The mails' MIME: our quoted-printable decodes to the text with any decoder, and stays within 76-character lines. */
class MimeMailsTest {

    @Test
    void quotedPrintableDecodesBackToTheTextWithShortLines() throws Exception {
        Random random = new Random(42);
        String alphabet = "abc XYZ=é€✨\t.<>\"'";
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(600);
            for (int i = 0; i < length; i++) {
                int r = random.nextInt(40);
                text.append(r == 0 ? "\r\n" : r == 1 ? "\n" : r == 2 ? " \n" : r == 3 ? "=\n" : r == 4 ? "😀"
                        : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            String original = text.toString();
            byte[] encoded = MimeMails.quotedPrintable(original);
            MimeMails.ByteBuilder direct = new MimeMails.ByteBuilder(8);
            direct.quotedPrintable(original);
            assertThat(direct.toArray()).as("from the characters = from the UTF-8 bytes").isEqualTo(encoded);
            for (String line : new String(encoded, StandardCharsets.US_ASCII).split("\r\n", -1)) {
                assertThat(line.length()).isLessThanOrEqualTo(76);
                assertThat(line).doesNotEndWith(" ").doesNotEndWith("\t");
                // nothing for SMTP to dot-stuff
                assertThat(line).doesNotStartWith(".");
            }
            String decoded = new String(MimeUtility.decode(new ByteArrayInputStream(encoded), "quoted-printable")
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(decoded).isEqualTo(original.replace("\r\n", "\n").replace("\n", "\r\n"));
        }
    }

    @Test
    void aSplicedBodyDecodesToTheJoinedTextWithShortLines() throws Exception {
        Random random = new Random(7);
        String alphabet = "abc XYZ=é€✨\t.<>\"'";
        for (int round = 0; round < 400; round++) {
            int pieces = 1 + random.nextInt(8);
            java.util.List<String> literals = new java.util.ArrayList<>();
            java.util.List<String> values = new java.util.ArrayList<>();
            StringBuilder joined = new StringBuilder();
            for (int p = 0; p < pieces * 2 - 1; p++) {
                StringBuilder piece = new StringBuilder();
                int length = random.nextInt(p % 2 == 0 ? 200 : 30);
                for (int i = 0; i < length; i++) {
                    int r = random.nextInt(30);
                    // line breaks, spaces and dots at the pieces' ends test the seams
                    piece.append(r == 0 ? "\r" : r == 1 ? "\n" : r == 2 ? " " : r == 3 ? "." : r == 4 ? "😀"
                            : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
                }
                (p % 2 == 0 ? literals : values).add(piece.toString());
                joined.append(piece);
            }
            MimeMails.EncodedLiterals encoded = new MimeMails.EncodedLiterals(literals);
            MimeMails.ByteBuilder spliced = new MimeMails.ByteBuilder(8);
            spliced.quotedPrintable(new MimeMails.SplicedBody(encoded, values));
            byte[] bytes = spliced.toArray();
            for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\r\n", -1)) {
                assertThat(line.length()).isLessThanOrEqualTo(76);
                assertThat(line).doesNotEndWith(" ").doesNotEndWith("\t").doesNotStartWith(".");
            }
            String decoded = new String(MimeUtility.decode(new ByteArrayInputStream(bytes), "quoted-printable")
                    .readAllBytes(), StandardCharsets.UTF_8);
            // the same text as the joined pieces encoded in one go
            String whole = new String(MimeUtility.decode(new ByteArrayInputStream(
                    MimeMails.quotedPrintable(joined.toString())), "quoted-printable").readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(decoded).as("round %d", round).isEqualTo(whole);
        }
    }

    @Test
    void aRawMailFromSplicedBodiesIsTheMailOfTheJoinedBodies() throws Exception {
        Session session = Session.getInstance(new Properties());
        java.util.List<String> htmlLiterals = java.util.List.of("<p>Bonjour ", ", voici l’offre = 30 % ✨ "
                + "x".repeat(200) + " </p>\n<p><a href=\"", "\">fin</a></p>");
        java.util.List<String> htmlValues = java.util.List.of("Zoé", "https://x.example/t/c/abc");
        java.util.List<String> textLiterals = java.util.List.of("Bonjour ", ",\nl’offre ✨ \n", "");
        java.util.List<String> textValues = java.util.List.of("Zoé", "https://x.example/t/c/abc");
        String html = String.join("", htmlLiterals.get(0), htmlValues.get(0), htmlLiterals.get(1), htmlValues.get(1),
                htmlLiterals.get(2));
        String text = String.join("", textLiterals.get(0), textValues.get(0), textLiterals.get(1), textValues.get(1));
        OutgoingMail mail = OutgoingMail.of("Maison", "news@news.example", "Zoé", "z@example.com", "Sujet", html,
                text);
        MimeMails.Bodies bodies = new MimeMails.Bodies(
                new MimeMails.SplicedBody(new MimeMails.EncodedLiterals(textLiterals), textValues),
                new MimeMails.SplicedBody(new MimeMails.EncodedLiterals(htmlLiterals), htmlValues));
        MimeMails.Raw raw = MimeMails.raw(mail, bodies, null, "<1.abc@news.example>",
                java.time.ZonedDateTime.parse("2026-11-23T06:00:00Z"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(raw.headers());
        bytes.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        bytes.write(raw.body());

        MimeMultipart alternative = (MimeMultipart) new MimeMessage(session,
                new ByteArrayInputStream(bytes.toByteArray())).getContent();
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo(text.replace("\n", "\r\n"));
        assertThat(alternative.getBodyPart(1).getContent()).isEqualTo(html.replace("\n", "\r\n"));
    }

    @Test
    void aBuiltMailParsesBackToItsTextAndHtml() throws Exception {
        Session session = Session.getInstance(new Properties());
        MimeMessage message = new MimeMessage(session);
        String html = "<p>Bonjour Zoé, voici l’offre = 30 % ✨ " + "x".repeat(200) + " </p>";
        String text = "Bonjour Zoé,\nl’offre = 30 % ✨ \n" + "y".repeat(150);
        UUID tenant = UUID.randomUUID();
        MimeMails.build(message, OutgoingMail.of("Maison", "a@news.example", "Zoé", "z@example.com", "Sujet ✨",
                html, text), tenant);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);

        MimeMessage parsed = new MimeMessage(session, new ByteArrayInputStream(raw.toByteArray()));
        MimeMultipart alternative = (MimeMultipart) parsed.getContent();
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo(text.replace("\n", "\r\n"));
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
        assertThat(alternative.getBodyPart(1).getContent()).isEqualTo(html);
        assertThat(parsed.getSubject()).isEqualTo("Sujet ✨");
        assertThat(parsed.getHeader(MimeMails.TENANT_HEADER, null)).isEqualTo(tenant.toString());
    }

    @Test
    void aRawCampaignMailParsesBackToItsHeadersTextAndHtml() throws Exception {
        Session session = Session.getInstance(new Properties());
        String html = "<p>Bonjour Zoé, voici l’offre = 30 % ✨ " + "x".repeat(200) + " </p>\n<p>fin</p>";
        String text = "Bonjour Zoé,\nl’offre = 30 % ✨ \n" + "y".repeat(150);
        String subject = "Zoé, les soldes d’hiver commencent ✨ — jusqu’à -50 % sur les luminaires en laiton";
        UUID tenant = UUID.randomUUID();
        OutgoingMail mail = new OutgoingMail("Maison Lumière, Lyon", "news@news.example", "reply@news.example",
                "Zoé \"Z\" Dupont", "z@example.com", subject, html, text,
                java.util.Map.of("List-Unsubscribe", "<https://x.example/u/tok>", "X-Note", "Crème\r\nBcc: x@evil"));
        MimeMails.Raw raw = MimeMails.raw(mail, tenant, "<1.abc@news.example>",
                java.time.ZonedDateTime.parse("2026-11-23T06:00:00Z"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(raw.headers());
        bytes.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        bytes.write(raw.body());
        String wire = bytes.toString(StandardCharsets.US_ASCII);
        for (String line : wire.split("\r\n", -1)) {
            assertThat(line.length()).isLessThanOrEqualTo(998);
            assertThat(line).doesNotContain("\r").doesNotContain("\n");
        }
        assertThat(wire).doesNotContain("\r\nBcc:");

        MimeMessage parsed = new MimeMessage(session, new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(parsed.getSubject()).isEqualTo(subject);
        assertThat(((jakarta.mail.internet.InternetAddress) parsed.getFrom()[0]).getPersonal())
                .isEqualTo("Maison Lumière, Lyon");
        assertThat(((jakarta.mail.internet.InternetAddress) parsed.getFrom()[0]).getAddress())
                .isEqualTo("news@news.example");
        jakarta.mail.internet.InternetAddress to = (jakarta.mail.internet.InternetAddress) parsed.getAllRecipients()[0];
        assertThat(to.getPersonal()).isEqualTo("Zoé \"Z\" Dupont");
        assertThat(to.getAddress()).isEqualTo("z@example.com");
        assertThat(parsed.getReplyTo()[0].toString()).isEqualTo("reply@news.example");
        assertThat(parsed.getMessageID()).isEqualTo("<1.abc@news.example>");
        assertThat(parsed.getSentDate()).isEqualTo(java.util.Date.from(java.time.Instant.parse("2026-11-23T06:00:00Z")));
        assertThat(parsed.getHeader("List-Unsubscribe", null)).isEqualTo("<https://x.example/u/tok>");
        assertThat(MimeUtility.decodeText(MimeUtility.unfold(parsed.getHeader("X-Note", null))))
                .isEqualTo("Crème  Bcc: x@evil");
        assertThat(parsed.getHeader("Bcc")).isNull();
        assertThat(parsed.getHeader(MimeMails.TENANT_HEADER, null)).isEqualTo(tenant.toString());
        MimeMultipart alternative = (MimeMultipart) parsed.getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo(text.replace("\n", "\r\n"));
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
        assertThat(alternative.getBodyPart(1).getContent()).isEqualTo(html.replace("\n", "\r\n"));
    }
}
