package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;

import io.archipel.brand.SmsLength.Encoding;
import org.junit.jupiter.api.Test;

/** Counts as operators bill them: GSM-7 vs UCS-2, single vs concatenated segments. */
class SmsLengthTest {

    @Test
    void anEmptyTextIsNoSegment() {
        assertThat(SmsLength.of("")).isEqualTo(new SmsLength(Encoding.GSM_7, 0, 0, 160));
    }

    @Test
    void frenchAccentsOfTheGsmSetStayInSevenBits() {
        SmsLength length = SmsLength.of("Soldes à Lyon : -20% sur les bougies, venez vite ! Réponse STOP au 36173");
        assertThat(length.encoding()).isEqualTo(Encoding.GSM_7);
        assertThat(length.segments()).isEqualTo(1);
        assertThat(length.units()).isEqualTo(72);
    }

    @Test
    void oneHundredSixtyGsmCharactersAreOneSegmentAndOneMoreMakesTwo() {
        assertThat(SmsLength.of("a".repeat(160))).isEqualTo(new SmsLength(Encoding.GSM_7, 160, 1, 0));
        assertThat(SmsLength.of("a".repeat(161))).isEqualTo(new SmsLength(Encoding.GSM_7, 161, 2, 153 * 2 - 161));
        assertThat(SmsLength.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsLength.of("a".repeat(307)).segments()).isEqualTo(3);
    }

    @Test
    void extensionCharactersCountTwiceAndAreNeverSplit() {
        assertThat(SmsLength.of("Prix : 10€").units()).isEqualTo(11);
        assertThat(SmsLength.of("€".repeat(80))).isEqualTo(new SmsLength(Encoding.GSM_7, 160, 1, 0));
        // 152 septets, then an escape pair that does not fit in the 153 of the first segment
        SmsLength split = SmsLength.of("a".repeat(152) + "€" + "b".repeat(10));
        assertThat(split.encoding()).isEqualTo(Encoding.GSM_7);
        assertThat(split.units()).isEqualTo(164);
        assertThat(split.segments()).isEqualTo(2);
        assertThat(split.remainingInSegment()).isEqualTo(153 - 12);
    }

    @Test
    void aCharacterOutsideTheGsmSetSwitchesTheWholeMessageToUcs2() {
        SmsLength length = SmsLength.of("Offre spéciale ç ô ê"); // ô and ê are not in GSM 03.38
        assertThat(length.encoding()).isEqualTo(Encoding.UCS_2);
        assertThat(length.segments()).isEqualTo(1);
        assertThat(SmsLength.of("x".repeat(70) + "ê").segments()).isEqualTo(2);
        assertThat(SmsLength.of("ê".repeat(70))).isEqualTo(new SmsLength(Encoding.UCS_2, 70, 1, 0));
        assertThat(SmsLength.of("ê".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsLength.of("ê".repeat(135)).segments()).isEqualTo(3);
    }

    @Test
    void emojiTakeTwoUnitsAndAreNeverSplit() {
        SmsLength length = SmsLength.of("Bonne fête 🎉");
        assertThat(length.encoding()).isEqualTo(Encoding.UCS_2);
        assertThat(length.units()).isEqualTo(13);
        SmsLength split = SmsLength.of("ê".repeat(66) + "🎉" + "ê".repeat(5));
        assertThat(split.units()).isEqualTo(73);
        assertThat(split.segments()).isEqualTo(2);
        assertThat(split.remainingInSegment()).isEqualTo(67 - 7);
    }
}
