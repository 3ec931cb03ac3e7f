package io.archipel.brand;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.brand.PrecompiledEmail.Html;
import io.archipel.brand.PrecompiledEmail.PartBuilder;
import org.jsoup.parser.Parser;

/**
 * The app's own block renderers: e-mail HTML that mail clients show well (presentation tables, inline CSS, images
 * with width and alt, a 600 px column) plus a plain-text part, compiled once into a {@link PrecompiledEmail}.
 * User text is escaped here and only {@code {{key}}} tokens of the closed {@link MergeField} list become slots; rich
 * text is sanitized again at render (it already was on save); every URL must be https.
 */
public class EmailRenderer {

    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");
    private static final Pattern LINK = Pattern.compile("(?i)<a [^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>");
    private static final int WIDTH = 600;

    private final RichTextSanitizer sanitizer;
    private final String mediaBase;

    /** A renderer that accepts https URLs only. */
    public EmailRenderer(RichTextSanitizer sanitizer) {
        this(sanitizer, "");
    }

    /**
     * {@code publicBaseUrl} is where this app is reached from the internet; images of its own asset library under it
     * are accepted even over plain http, which only happens on a developer's machine.
     */
    public EmailRenderer(RichTextSanitizer sanitizer, String publicBaseUrl) {
        this.sanitizer = sanitizer;
        this.mediaBase = publicBaseUrl == null || publicBaseUrl.isBlank() ? ""
                : publicBaseUrl.replaceAll("/+$", "") + "/media/";
    }

    /** What one e-mail is made of. */
    public record EmailContent(String subject, String preheader, List<EmailBlock> blocks, String language) {
    }

    public PrecompiledEmail compile(EmailContent content, BrandKit kit) {
        List<String> links = new ArrayList<>();
        PartBuilder subject = new PartBuilder(links);
        tokens(subject, content.subject() == null ? "" : content.subject().replace('\r', ' ').replace('\n', ' '),
                false);
        PartBuilder html = new PartBuilder(links);
        PartBuilder text = new PartBuilder(links);
        Style style = new Style(kit);

        html.literal("<!DOCTYPE html>\n<html lang=\"").literal(Html.escape(lang(content.language())))
                .literal("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .literal("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .literal("<meta name=\"x-apple-disable-message-reformatting\">\n<title>");
        tokens(html, content.subject() == null ? "" : content.subject(), true);
        html.literal("</title>\n</head>\n<body style=\"margin:0;padding:0;background-color:#f3f4f6;\">\n");
        if (content.preheader() != null && !content.preheader().isBlank()) {
            // shown by mail clients next to the subject, hidden in the message itself
            html.literal("<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all;\">");
            tokens(html, content.preheader(), true);
            html.literal("</div>\n");
        }
        html.literal("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                + "bgcolor=\"#f3f4f6\" style=\"background-color:#f3f4f6;\">\n<tr>\n<td align=\"center\" "
                + "style=\"padding:24px 12px;\">\n<table role=\"presentation\" width=\"" + WIDTH + "\" cellpadding=\"0\" "
                + "cellspacing=\"0\" border=\"0\" bgcolor=\"" + style.background + "\" style=\"width:100%;max-width:"
                + WIDTH + "px;background-color:" + style.background + ";\">\n");
        for (EmailBlock block : content.blocks()) {
            html.literal("<tr>\n");
            block(block, html, text, kit, style);
            html.literal("</tr>\n");
        }
        html.literal("</table>\n</td>\n</tr>\n</table>\n</body>\n</html>\n");
        return new PrecompiledEmail(subject.build(), html.build(), text.build(), links);
    }

    private void block(EmailBlock block, PartBuilder html, PartBuilder text, BrandKit kit, Style s) {
        if (block instanceof EmailBlock.Header h) {
            html.literal("<td align=\"left\" bgcolor=\"" + s.primary + "\" style=\"padding:20px 28px;background-color:"
                    + s.primary + ";\">");
            if (h.logoUrl() != null && !h.logoUrl().isBlank()) {
                html.literal("<img src=\"" + Html.escape(https(h.logoUrl())) + "\" alt=\"" + Html.escape(kit.networkName())
                        + "\" height=\"48\" style=\"display:block;height:48px;width:auto;border:0;\">");
            } else {
                html.literal("<span style=\"font-family:" + s.headingFont + ";font-size:22px;font-weight:bold;color:"
                        + s.onPrimary + ";\">" + Html.escape(kit.networkName()) + "</span>");
            }
            html.literal("</td>\n");
            text.literal(kit.networkName() + "\n\n");
        } else if (block instanceof EmailBlock.HeroImage hero) {
            html.literal("<td style=\"padding:0;\">");
            image(html, hero.imageUrl(), hero.alt(), hero.linkUrl(), WIDTH);
            html.literal("</td>\n");
            if (hero.linkUrl() != null && !hero.linkUrl().isBlank()) {
                text.literal(plain(hero.alt()) + ": ").link(https(hero.linkUrl())).literal("\n\n");
            }
        } else if (block instanceof EmailBlock.Heading heading) {
            html.literal("<td style=\"padding:24px 28px 8px;\"><h1 style=\"margin:0;font-family:" + s.headingFont
                    + ";font-size:24px;line-height:1.3;color:" + s.primary + ";\">");
            tokens(html, heading.text(), true);
            html.literal("</h1></td>\n");
            tokens(text, heading.text(), false);
            text.literal("\n" + "=".repeat(Math.min(60, Math.max(3, heading.text().length()))) + "\n\n");
        } else if (block instanceof EmailBlock.RichText rich) {
            String clean = sanitizer.sanitize(rich.html() == null ? "" : rich.html(),
                    RichTextSanitizer.Options.richText());
            String styled = clean.replace("<p>", "<p style=\"margin:0 0 12px;\">")
                    .replace("<a ", "<a style=\"color:" + s.primary + ";\" ");
            html.literal("<td style=\"padding:8px 28px;font-family:" + s.bodyFont + ";font-size:16px;line-height:1.5;color:"
                    + s.text + ";\">");
            richHtml(html, styled);
            html.literal("</td>\n");
            richText(text, clean);
        } else if (block instanceof EmailBlock.Image image) {
            html.literal("<td align=\"center\" style=\"padding:12px 28px;\">");
            image(html, image.imageUrl(), image.alt(), image.linkUrl(),
                    Math.max(1, Math.min(WIDTH - 56, image.width() <= 0 ? WIDTH - 56 : image.width())));
            html.literal("</td>\n");
            if (image.linkUrl() != null && !image.linkUrl().isBlank()) {
                text.literal(plain(image.alt()) + ": ").link(https(image.linkUrl())).literal("\n\n");
            }
        } else if (block instanceof EmailBlock.Button button) {
            String url = https(button.url());
            html.literal("<td align=\"center\" style=\"padding:16px 28px;\"><table role=\"presentation\" "
                    + "cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td align=\"center\" bgcolor=\"" + s.primary
                    + "\" style=\"border-radius:6px;background-color:" + s.primary + ";\"><a href=\"").link(url)
                    .literal("\" target=\"_blank\" style=\"display:inline-block;padding:12px 28px;font-family:"
                            + s.bodyFont + ";font-size:16px;font-weight:bold;color:" + s.onPrimary
                            + ";text-decoration:none;\">");
            tokens(html, button.label(), true);
            html.literal("</a></td></tr></table></td>\n");
            tokens(text, button.label(), false);
            text.literal(": ").link(url).literal("\n\n");
        } else if (block instanceof EmailBlock.Offer offer) {
            html.literal("<td style=\"padding:12px 28px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
                    + "cellspacing=\"0\" border=\"0\" style=\"border:2px dashed " + s.primary + ";\"><tr><td align=\"center\" "
                    + "style=\"padding:16px;font-family:" + s.bodyFont + ";color:" + s.text + ";\">"
                    + "<p style=\"margin:0 0 8px;font-size:18px;font-weight:bold;\">");
            tokens(html, offer.title(), true);
            html.literal("</p><p style=\"margin:0 0 8px;font-size:22px;letter-spacing:2px;font-family:'Courier New', "
                    + "Courier, monospace;color:" + s.primary + ";\">");
            tokens(html, offer.code(), true);
            html.literal("</p><p style=\"margin:0;font-size:13px;\">");
            tokens(html, offer.validity(), true);
            html.literal("</p></td></tr></table></td>\n");
            tokens(text, offer.title() + "\n" + offer.code() + "\n" + offer.validity(), false);
            text.literal("\n\n");
        } else if (block instanceof EmailBlock.BranchCard card) {
            html.literal("<td style=\"padding:12px 28px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
                    + "cellspacing=\"0\" border=\"0\" bgcolor=\"#f9fafb\" style=\"background-color:#f9fafb;"
                    + "border-radius:6px;\"><tr><td style=\"padding:16px;font-family:" + s.bodyFont
                    + ";font-size:14px;line-height:1.5;color:" + s.text + ";\"><strong>").field(MergeField.BRANCH_NAME)
                    .literal("</strong><br>").field(MergeField.BRANCH_ADDRESS).literal("<br>")
                    .field(MergeField.BRANCH_HOURS).literal("<br>").field(MergeField.BRANCH_PHONE)
                    .literal("</td></tr></table></td>\n");
            text.field(MergeField.BRANCH_NAME).literal("\n").field(MergeField.BRANCH_ADDRESS).literal("\n")
                    .field(MergeField.BRANCH_HOURS).literal("\n").field(MergeField.BRANCH_PHONE).literal("\n\n");
        } else if (block instanceof EmailBlock.Divider divider) {
            html.literal("<td style=\"padding:12px 28px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
                    + "cellspacing=\"0\" border=\"0\"><tr><td height=\"1\" bgcolor=\"#e5e7eb\" style=\"font-size:0;"
                    + "line-height:0;background-color:#e5e7eb;\">&nbsp;</td></tr></table></td>\n");
            text.literal("----------------------------------------\n\n");
        } else if (block instanceof EmailBlock.SocialLinks social) {
            html.literal("<td align=\"center\" style=\"padding:12px 28px;font-family:" + s.bodyFont + ";font-size:14px;\">");
            boolean first = true;
            for (Map.Entry<SocialNetwork, String> link : kit.socialLinks().entrySet()) {
                if (!first) {
                    html.literal(" &middot; ");
                }
                first = false;
                html.literal("<a href=\"").link(https(link.getValue())).literal("\" target=\"_blank\" style=\"color:"
                        + s.primary + ";text-decoration:none;\">" + label(link.getKey()) + "</a>");
                text.literal(label(link.getKey()) + ": ").link(https(link.getValue())).literal("\n");
            }
            html.literal("</td>\n");
            text.literal("\n");
        } else if (block instanceof EmailBlock.LegalFooter footer) {
            String legal = kit.legalFooterHtml() == null ? ""
                    : sanitizer.sanitize(kit.legalFooterHtml(), RichTextSanitizer.Options.footer());
            html.literal("<td style=\"padding:20px 28px;font-family:" + s.bodyFont
                    + ";font-size:12px;line-height:1.5;color:#6b7280;border-top:1px solid #e5e7eb;\">");
            richHtml(html, legal.replace("<p>", "<p style=\"margin:0 0 8px;\">"));
            html.literal("<p style=\"margin:8px 0 0;\"><a href=\"").field(MergeField.UNSUBSCRIBE_URL)
                    .literal("\" style=\"color:#6b7280;\">Unsubscribe / Se désinscrire</a></p></td>\n");
            richText(text, legal);
            text.literal("Unsubscribe / Se désinscrire: ").field(MergeField.UNSUBSCRIBE_URL).literal("\n");
        }
    }

    private void image(PartBuilder html, String src, String alt, String link, int width) {
        String img = "<img src=\"" + Html.escape(https(src)) + "\" alt=\"" + Html.escape(alt == null ? "" : alt)
                + "\" width=\"" + width + "\" style=\"display:block;width:100%;max-width:" + width
                + "px;height:auto;border:0;\">";
        if (link != null && !link.isBlank()) {
            html.literal("<a href=\"").link(https(link)).literal("\" target=\"_blank\">" + img + "</a>");
        } else {
            html.literal(img);
        }
    }

    /**
     * Plain user text: escaped for HTML (or kept as is for the text part), with merge tokens turned into slots (a
     * token's fallback, escaped with the text, fills the slot when the recipient's value is empty).
     */
    private static void tokens(PartBuilder out, String userText, boolean escapeHtml) {
        String s = userText == null ? "" : (escapeHtml ? Html.escape(userText) : userText);
        Matcher m = MergeField.TOKEN.matcher(s);
        int last = 0;
        while (m.find()) {
            var field = MergeField.ofKey(m.group(1));
            if (field.isPresent()) {
                // the fallback is part of the (already escaped, for HTML) user text: it goes out as it stands
                out.literal(s.substring(last, m.start())).field(field.get(), MergeField.fallback(m));
                last = m.end();
            }
        }
        out.literal(s.substring(last));
    }

    /** Sanitized HTML: merge tokens become slots, link targets become link slots. */
    private static void richHtml(PartBuilder out, String sanitizedHtml) {
        Matcher m = HREF.matcher(sanitizedHtml);
        int last = 0;
        while (m.find()) {
            tokens(out, sanitizedHtml.substring(last, m.start()), false);
            String url = Parser.unescapeEntities(m.group(1), true);
            var field = tokenOnly(url);
            out.literal("href=\"");
            if (field != null) {
                out.field(field);
            } else {
                out.link(url);
            }
            out.literal("\"");
            last = m.end();
        }
        tokens(out, sanitizedHtml.substring(last), false);
    }

    private static MergeField tokenOnly(String s) {
        Matcher m = MergeField.TOKEN.matcher(s);
        return m.matches() ? MergeField.ofKey(m.group(1)).orElse(null) : null;
    }

    /** The plain-text alternative of sanitized rich text: paragraphs and list items on their own lines. */
    private static void richText(PartBuilder out, String sanitizedHtml) {
        String withBreaks = sanitizedHtml.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</p>", "\n\n")
                .replaceAll("(?i)<li>", "- ").replaceAll("(?i)</li>", "\n");
        Matcher links = LINK.matcher(withBreaks);
        StringBuilder resolved = new StringBuilder();
        List<String> targets = new ArrayList<>();
        int last = 0;
        while (links.find()) {
            resolved.append(withBreaks, last, links.start()).append(links.group(2)).append(" (\u0000")
                    .append(targets.size()).append("\u0000)");
            targets.add(Parser.unescapeEntities(links.group(1), true));
            last = links.end();
        }
        resolved.append(withBreaks.substring(last));
        String textOnly = Parser.unescapeEntities(resolved.toString().replaceAll("<[^>]+>", ""), false)
                .replace("{<!-- -->{", "{{");
        String[] pieces = textOnly.split("\u0000");
        for (int i = 0; i < pieces.length; i++) {
            if (i % 2 == 0) {
                tokens(out, pieces[i], false);
            } else {
                String target = targets.get(Integer.parseInt(pieces[i]));
                MergeField field = tokenOnly(target);
                if (field != null) {
                    out.field(field);
                } else {
                    out.link(target);
                }
            }
        }
        out.literal("\n");
    }

    private static String plain(String s) {
        return s == null ? "" : s;
    }

    private static String lang(String language) {
        return language == null || !language.matches("[a-z]{2}") ? "fr" : language;
    }

    private static String label(SocialNetwork network) {
        return switch (network) {
            case FACEBOOK -> "Facebook";
            case INSTAGRAM -> "Instagram";
            case LINKEDIN -> "LinkedIn";
            case X -> "X";
            case YOUTUBE -> "YouTube";
            case TIKTOK -> "TikTok";
            case WEBSITE -> "Web";
        };
    }

    /** Only absolute https URLs (or this app's own media) reach an e-mail. */
    String https(String url) {
        if (url != null && !mediaBase.isEmpty() && url.startsWith(mediaBase) && !url.contains("\"")) {
            return url;
        }
        return httpsOnly(url);
    }

    static String httpsOnly(String url) {
        if (url != null) {
            try {
                URI uri = URI.create(url.strip());
                if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                    return uri.toString();
                }
            } catch (IllegalArgumentException e) {
                // falls through to the refusal
            }
        }
        throw new IllegalArgumentException("Only https addresses are allowed in an e-mail: " + url);
    }

    /** Colours and fonts of the brand kit, validated again here because they go into style attributes. */
    private static final class Style {
        final String primary;
        final String onPrimary;
        final String text;
        final String background;
        final String headingFont;
        final String bodyFont;

        Style(BrandKit kit) {
            primary = color(kit.primaryColor(), BrandKit.DEFAULT_PRIMARY);
            text = color(kit.textColor(), BrandKit.DEFAULT_TEXT);
            background = color(kit.backgroundColor(), BrandKit.DEFAULT_BACKGROUND);
            onPrimary = darkEnough(primary) ? "#ffffff" : "#111827";
            headingFont = kit.headingFont() == null ? WebSafeFont.ARIAL.stack() : kit.headingFont().stack();
            bodyFont = kit.bodyFont() == null ? WebSafeFont.ARIAL.stack() : kit.bodyFont().stack();
        }

        private static String color(String value, String fallback) {
            return value != null && value.matches("#[0-9a-fA-F]{6}") ? value.toLowerCase(Locale.ROOT) : fallback;
        }

        private static boolean darkEnough(String hex) {
            int r = Integer.parseInt(hex.substring(1, 3), 16);
            int g = Integer.parseInt(hex.substring(3, 5), 16);
            int b = Integer.parseInt(hex.substring(5, 7), 16);
            return (0.299 * r + 0.587 * g + 0.114 * b) < 160;
        }
    }
}
