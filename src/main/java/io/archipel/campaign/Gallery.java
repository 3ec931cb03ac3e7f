package io.archipel.campaign;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.Templates;

/** The read models of the network gallery, as {@link GalleryService} hands them out. */
public final class Gallery {

    /** The most a note of HQ ("why it worked") may hold. */
    public static final int MAX_NOTE_LENGTH = 1000;

    private Gallery() {
    }

    /** What to show of the gallery: any filter may be null (channel, template) or blank (text). */
    public record Filter(TemplateChannel channel, UUID templateId, String text) {

        public static Filter all() {
            return new Filter(null, null, null);
        }
    }

    /**
     * A campaign's results once it was sent: messages delivered, recipients who opened, recipients who clicked. Given
     * by a {@link CampaignResultsSource} (the insights module); {@link Entry#results()} is null when the campaign has
     * no measured send (or no source exists), and pages then show no figure rather than a fake one.
     */
    public record Results(long delivered, long opened, long clicked) {

        /** Opened over delivered, null when nothing was delivered. */
        public Double openRate() {
            return delivered <= 0 ? null : (double) opened / delivered;
        }

        public Double clickRate() {
            return delivered <= 0 ? null : (double) clicked / delivered;
        }
    }

    /**
     * A featured campaign. {@code territoryName} is its branch's territory; {@code templateVersion} the number of the
     * version it was sent on; {@code sentAt} when it became SENT; {@code note} HQ's "why it worked" (may be null);
     * {@code headline} the subject (e-mail) or the text (SMS) as written, merge fields shown with their fallbacks;
     * {@code thumbnailUrl} the first picture of the e-mail (null when none); {@code reuseCount} how many campaigns
     * were started from it; {@code results} null when not measured (see {@link Results}).
     */
    public record Entry(UUID campaignId, String name, UUID branchId, String branchCode, String branchName,
            String territoryName, UUID templateId, String templateName, UUID templateVersionId, int templateVersion,
            TemplateChannel channel, Instant sentAt, String note, Instant featuredAt, String featuredBy,
            String headline, String thumbnailUrl, long reuseCount, Results results) {
    }

    /**
     * One featured campaign with what a preview needs: the pinned version and the content resolved into it (e-mail
     * or SMS, the other null).
     */
    public record Shown(Entry entry, Templates.Version version, Campaigns.Content content, EmailTemplateContent email,
            SmsTemplateContent sms) {
    }

    /** A template used by featured campaigns (for the gallery's filter). */
    public record TemplateOption(UUID templateId, String name, TemplateChannel channel) {
    }

    /**
     * The outcome of {@link GalleryService#reuse}: the new draft, the number of the template version it got (same or
     * newer than the source's) and the {@link Campaigns.Change#path()} of each text of the source that the version no
     * longer accepts (dropped: the place became locked or disappeared).
     */
    public record Reused(UUID campaignId, int templateVersion, boolean newerVersion, List<String> dropped) {

        public Reused {
            dropped = List.copyOf(dropped);
        }
    }
}
