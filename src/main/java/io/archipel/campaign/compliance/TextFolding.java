package io.archipel.campaign.compliance;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Case- and accent-insensitive matching of restricted words on whole words: both the text and the word are folded
 * (accents removed, ligatures spelled out, lower case, typographic apostrophes and non-breaking spaces made plain),
 * then the word must stand alone: no letter or digit right before or after it. Spaces inside a phrase match any run
 * of spaces, and may be missing next to punctuation ("100 % garanti" also catches "100% garanti"). A word ending in
 * {@code *} also catches longer words starting with it ("gratuit*": gratuite, gratuits).
 */
final class TextFolding {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Spaces within a line (non-breaking ones included); line breaks stay, so a phrase never spans two lines. */
    private static final Pattern SPACES = Pattern.compile("[\\h\\x0B\\f]+");

    private TextFolding() {
    }

    static String fold(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFD);
        n = MARKS.matcher(n).replaceAll("");
        n = n.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
                .replace('’', '\'').replace('‘', '\'').replace('ʼ', '\'');
        n = SPACES.matcher(n.replace("\r\n", "\n").replace('\r', '\n')).replaceAll(" ");
        return n.toLowerCase(Locale.ROOT);
    }

    /** The pattern that finds {@code word} in a folded text (null when the word has nothing to look for). */
    static Pattern wordPattern(String word) {
        String w = fold(word).strip();
        boolean prefix = w.endsWith("*");
        if (prefix) {
            w = w.substring(0, w.length() - 1).strip();
        }
        if (w.isEmpty() || w.codePoints().noneMatch(Character::isLetterOrDigit)) {
            return null;
        }
        StringBuilder re = new StringBuilder();
        if (Character.isLetterOrDigit(w.codePointAt(0))) {
            re.append("(?<![\\p{L}\\p{N}])");
        }
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c == ' ') {
                int end = i;
                while (end < w.length() && w.charAt(end) == ' ') {
                    end++;
                }
                boolean betweenWords = Character.isLetterOrDigit(w.charAt(i - 1))
                        && end < w.length() && Character.isLetterOrDigit(w.charAt(end));
                flush(re, literal);
                re.append(betweenWords ? " +" : " *");
                i = end - 1;
            } else {
                literal.append(c);
            }
        }
        flush(re, literal);
        if (prefix) {
            re.append("[\\p{L}\\p{N}]*");
        } else if (Character.isLetterOrDigit(w.codePointBefore(w.length()))) {
            re.append("(?![\\p{L}\\p{N}])");
        }
        return Pattern.compile(re.toString());
    }

    private static void flush(StringBuilder re, StringBuilder literal) {
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
