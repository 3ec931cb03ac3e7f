package io.archipel.campaign.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.BlockConstraints;
import io.archipel.brand.BlockType;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.Templates;
import org.junit.jupiter.api.Test;

/** Which new versions a campaign has to follow: locked parts and structure, never editable defaults or constraints. */
class LockedPartsTest {

    private static final EmailTemplateContent EMAIL = new EmailTemplateContent(
            new LockableText("Objet", false, true, 120), LockableText.locked("Aperçu"), List.of(
                    new TemplateBlock("head", BlockType.HEADING, false, null, Map.of("text", "Titre")),
                    new TemplateBlock("legal", BlockType.RICH_TEXT, true, null, Map.of("html", "<p>2026</p>")),
                    new TemplateBlock("foot", BlockType.LEGAL_FOOTER, true, null, Map.of())));
    private static final SmsTemplateContent SMS = new SmsTemplateContent(List.of(
            new SmsTemplateContent.Part("fixed", false, "{{branch.name}} : ", false, null),
            new SmsTemplateContent.Part("zone", true, "-20 % ce week-end", true, 100)), "STOP au 36111");

    private static Templates.Version email(EmailTemplateContent c) {
        return new Templates.Version(UUID.randomUUID(), UUID.randomUUID(), "T", TemplateChannel.EMAIL,
                TemplateCategory.PROMOTION, 1, c, null, null, "HQ", List.of());
    }

    private static Templates.Version sms(SmsTemplateContent c) {
        return new Templates.Version(UUID.randomUUID(), UUID.randomUUID(), "T", TemplateChannel.SMS,
                TemplateCategory.PROMOTION, 1, null, c, null, "HQ", List.of());
    }

    private static TemplateBlock block(String id) {
        return EMAIL.block(id).orElseThrow();
    }

    @Test
    void editableDefaultsAndConstraintsAreNotFollowed() {
        assertThat(LockedParts.differ(email(EMAIL), email(EMAIL))).isFalse();
        assertThat(LockedParts.differ(email(EMAIL), email(EMAIL.withBlockReplaced(
                block("head").withContent(Map.of("text", "Autre titre")))))).isFalse();
        assertThat(LockedParts.differ(email(EMAIL), email(EMAIL.withBlockReplaced(new TemplateBlock("head",
                BlockType.HEADING, false, new BlockConstraints(true, 20, null, null, List.of()),
                Map.of("text", "Titre")))))).isFalse();
        assertThat(LockedParts.differ(email(EMAIL), email(EMAIL.withSubject(
                new LockableText("Autre objet", false, false, 60))))).isFalse();
        assertThat(LockedParts.differ(sms(SMS), sms(new SmsTemplateContent(List.of(SMS.parts().get(0),
                new SmsTemplateContent.Part("zone", true, "-30 %", false, 50)), SMS.optOut())))).isFalse();
    }

    @Test
    void lockedPartsAndStructureAreFollowed() {
        assertThat(LockedParts.differ(email(EMAIL), email(EMAIL.withBlockReplaced(
                block("legal").withContent(Map.of("html", "<p>2027</p>")))))).isTrue();
        assertThat(LockedParts.differ(email(EMAIL), email(EMAIL.withPreheader(LockableText.locked("Nouveau")))))
                .isTrue();
        assertThat(LockedParts.differ(email(EMAIL), email(EMAIL.withSubject(LockableText.locked("Objet")))))
                .as("subject locked").isTrue();
        assertThat(LockedParts.differ(email(EMAIL), email(EMAIL.withBlockMoved("legal", -1)))).as("order").isTrue();
        assertThat(LockedParts.differ(email(EMAIL), email(EMAIL.withBlockRemoved("head")))).as("editable removed")
                .isTrue();
        List<TemplateBlock> more = new ArrayList<>(EMAIL.blocks());
        more.add(0, new TemplateBlock("hdr", BlockType.HEADER, true, null, Map.of()));
        assertThat(LockedParts.differ(email(EMAIL), email(EMAIL.withBlocks(more)))).as("locked added").isTrue();
        assertThat(LockedParts.differ(sms(SMS), sms(new SmsTemplateContent(SMS.parts(), "STOP 36180")))).isTrue();
        assertThat(LockedParts.differ(sms(SMS), sms(new SmsTemplateContent(List.of(
                new SmsTemplateContent.Part("fixed", false, "Maison Lumière : ", false, null), SMS.parts().get(1)),
                SMS.optOut())))).isTrue();
        assertThat(LockedParts.differ(sms(SMS), sms(new SmsTemplateContent(List.of(SMS.parts().get(0)),
                SMS.optOut())))).as("zone removed").isTrue();
    }
}
