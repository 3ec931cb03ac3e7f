package io.archipel.delivery.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The mail sandbox reads headers as a person would: unfolded, decoded, with the unsubscribe facts picked out. */
class MailSandboxHeadersTest {

    static final String CAMPAIGN_MAIL = """
            Return-Path: <news@maison-lumiere.example>
            From:
            \t=?UTF-8?Q?Maison_Lumi=C3=A8re_Lyon_Part-Dieu?= <news@maison-lumiere.example>
            Subject: =?UTF-8?Q?Soldes_d=E2=80=99hiver_=C3=A0_Lyon?=
            X-Archipel-Campaign: e0b1f734-0ab6-48a9-b7e7-5a9c369f86d3
            List-Unsubscribe: <mailto:unsubscribe@maison-lumiere.example>,
             <https://app.example/u/AeU09Jh8AEWJq>
            List-Unsubscribe-Post: List-Unsubscribe=One-Click
            """;

    @Test
    void aCampaignMailIsDecodedAndItsOneClickUnsubscribeFound() {
        MailSandboxHeaders facts = MailSandboxHeaders.parse(CAMPAIGN_MAIL);

        assertThat(facts.headers()).extracting(MailSandboxHeaders.Header::name).containsExactly("Return-Path", "From",
                "Subject", "X-Archipel-Campaign", "List-Unsubscribe", "List-Unsubscribe-Post");
        assertThat(facts.headers().get(1).value()).isEqualTo("Maison Lumière Lyon Part-Dieu <news@maison-lumiere.example>");
        assertThat(facts.headers().get(2).value()).isEqualTo("Soldes d’hiver à Lyon");
        assertThat(facts.unsubscribeUrl()).isEqualTo("https://app.example/u/AeU09Jh8AEWJq");
        assertThat(facts.unsubscribeMailto()).isEqualTo("mailto:unsubscribe@maison-lumiere.example");
        assertThat(facts.oneClick()).isTrue();
        assertThat(facts.campaignId()).isEqualTo("e0b1f734-0ab6-48a9-b7e7-5a9c369f86d3");
    }

    @Test
    void aTestMailHasNoUnsubscribeFactsAndBadEncodingsStayAsTheyCame() {
        MailSandboxHeaders facts = MailSandboxHeaders.parse("Subject: =?X-UNKNOWN?Q?abc?=\nX-Archipel-Campaign: "
                + "not-an-id\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n");

        assertThat(facts.unsubscribeUrl()).isNull();
        assertThat(facts.oneClick()).as("one-click needs an http(s) link").isFalse();
        assertThat(facts.campaignId()).isNull();
        assertThat(facts.headers().get(0).value()).isEqualTo("=?X-UNKNOWN?Q?abc?=");
        assertThat(MailSandboxHeaders.parse(null).headers()).isEmpty();
    }
}
