package io.archipel.brand;

/** The social profiles a brand kit can link to, in display order. */
public enum SocialNetwork {
    FACEBOOK("facebook"), INSTAGRAM("instagram"), LINKEDIN("linkedin"), X("twitter-x"), YOUTUBE("youtube"),
    TIKTOK("tiktok"), WEBSITE("globe");

    private final String icon;

    SocialNetwork(String icon) {
        this.icon = icon;
    }

    /** Bootstrap Icons name. */
    public String icon() {
        return icon;
    }
}
