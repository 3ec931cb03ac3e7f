package io.archipel.campaign.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The word diff of the review page: what a reviewer reads as kept, removed and added. */
class WordDiffTest {

    private static String render(List<WordDiff.Segment> segments) {
        return segments.stream().map(s -> switch (s.kind()) {
            case SAME -> s.text();
            case REMOVED -> "[-" + s.text() + "-]";
            case ADDED -> "{+" + s.text() + "+}";
        }).collect(Collectors.joining());
    }

    @Test
    void aReplacedWordIsShownRemovedThenAdded() {
        assertThat(render(WordDiff.diff("Les soldes commencent demain", "Les soldes commencent lundi")))
                .isEqualTo("Les soldes commencent [-demain-]{+lundi+}");
    }

    @Test
    void aReplacedPhraseReadsAsOneChange() {
        assertThat(render(WordDiff.diff("Venez vite en magasin", "Passez nous voir en magasin")))
                .isEqualTo("[-Venez vite-]{+Passez nous voir+} en magasin");
    }

    @Test
    void addedAndRemovedTextAtTheEnds() {
        assertThat(render(WordDiff.diff("", "Bonjour"))).isEqualTo("{+Bonjour+}");
        assertThat(render(WordDiff.diff("Bonjour", ""))).isEqualTo("[-Bonjour-]");
        assertThat(render(WordDiff.diff("Bonjour", "Bonjour à tous"))).isEqualTo("Bonjour{+ à tous+}");
    }

    @Test
    void unchangedTextIsOneKeptSegmentAndTheTextsAreRebuiltExactly() {
        assertThat(WordDiff.diff("Même texte, même ponctuation !", "Même texte, même ponctuation !"))
                .containsExactly(new WordDiff.Segment(WordDiff.Kind.SAME, "Même texte, même ponctuation !"));
        String before = "L’équipe de Lyon vous attend : lampes, bougies et plaids.";
        String after = "L’équipe de Lyon Part-Dieu vous attend : bougies, plaids et coussins !";
        List<WordDiff.Segment> diff = WordDiff.diff(before, after);
        assertThat(diff.stream().filter(s -> !s.added()).map(WordDiff.Segment::text).collect(Collectors.joining()))
                .isEqualTo(before);
        assertThat(diff.stream().filter(s -> !s.removed()).map(WordDiff.Segment::text).collect(Collectors.joining()))
                .isEqualTo(after);
    }

    @Test
    void veryLongTextsAreShownAsReplacedWhole() {
        String before = "mot ".repeat(WordDiff.MAX_TOKENS);
        String after = before + "fin";
        assertThat(WordDiff.diff(before, after)).extracting(WordDiff.Segment::kind)
                .containsExactly(WordDiff.Kind.REMOVED, WordDiff.Kind.ADDED);
    }
}
