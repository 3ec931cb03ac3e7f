package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.BlockType;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.Templates;
import org.junit.jupiter.api.Test;

/** What a branch's content becomes on another version of its template (kits, gallery reuse, propagation). */
class CampaignContentsCarryOverTest {

    private static Templates.Version version(int number, LockableText subject, TemplateBlock... blocks) {
        return new Templates.Version(UUID.randomUUID(), UUID.randomUUID(), "Winter", TemplateChannel.EMAIL,
                TemplateCategory.PROMOTION, number, new EmailTemplateContent(subject,
                        new LockableText("", false, false, 150), List.of(blocks)), null, Instant.now(), "hq", List.of());
    }

    private static TemplateBlock heading(String id, boolean locked, String text) {
        return new TemplateBlock(id, BlockType.HEADING, locked, null, Map.of("text", text));
    }

    @Test
    void theBranchsChangesStayWhereTheyAreStillEditableAndTheRestFollowsTheNewVersion() {
        LockableText subject = new LockableText("Winter sale", false, true, 120);
        Templates.Version v1 = version(1, subject, heading("title", false, "Up to -30 %"),
                heading("intro", false, "Come and see"), heading("legal", true, "Old legal text"));
        Templates.Version v2 = version(2, subject, heading("title", false, "Up to -40 %"),
                heading("intro", true, "HQ's new intro"), heading("legal", true, "New legal text"));
        // the branch changed the subject and the intro, kept the title's default
        Campaigns.Content branch = new Campaigns.Content("Our winter sale in Lyon", null, Map.of(
                "title", Map.of("text", "Up to -30 %"), "intro", Map.of("text", "Coffee offered on Sunday")), Map.of());

        CampaignContents.CarriedOver moved = CampaignContents.carryOver(v1, v2, branch);

        assertThat(moved.content().subject()).isEqualTo("Our winter sale in Lyon");
        assertThat(moved.content().value("title", "text")).as("an untouched default follows the new one")
                .isEqualTo("Up to -40 %");
        assertThat(moved.content().blocks()).doesNotContainKey("intro");
        assertThat(moved.dropped()).containsExactly("blocks[intro].text");
        // what recipients get: the new locked text, the branch's subject
        EmailTemplateContent resolved = CampaignContents.resolveEmail(v2.email(), moved.content());
        assertThat(resolved.block("legal").orElseThrow().value(io.archipel.brand.BlockField.TEXT))
                .isEqualTo("New legal text");
        assertThat(resolved.subject().text()).isEqualTo("Our winter sale in Lyon");
    }

    @Test
    void aSubjectLockedInTheNewVersionDropsTheBranchsSubjectAndABlockThatDisappearedIsReported() {
        Templates.Version v1 = version(1, new LockableText("Winter sale", false, true, 120),
                heading("title", false, "Up to -30 %"), heading("extra", false, "Extra"));
        Templates.Version v2 = version(2, LockableText.locked("Winter sale by HQ"), heading("title", false,
                "Up to -30 %"));
        Campaigns.Content branch = new Campaigns.Content("Mine", null, Map.of("title", Map.of("text", "Hello Lyon"),
                "extra", Map.of("text", "Parking free")), Map.of());

        CampaignContents.CarriedOver moved = CampaignContents.carryOver(v1, v2, branch);

        assertThat(moved.content().subject()).isNull();
        assertThat(moved.content().value("title", "text")).isEqualTo("Hello Lyon");
        assertThat(moved.dropped()).containsExactly("subject", "blocks[extra].text");
        assertThat(CampaignContents.firstTampering(v2, moved.content())).isEmpty();
    }
}
