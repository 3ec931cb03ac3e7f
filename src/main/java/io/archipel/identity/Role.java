package io.archipel.identity;

/** What a person does in Archipel; each role lands in its own area after login. */
public enum Role {
    PLATFORM_OPERATOR("/platform"),
    HQ_ADMIN("/hq"),
    HQ_MARKETER("/hq"),
    VALIDATOR("/hq/reviews"),
    BRANCH_MANAGER("/portal"),
    EXECUTIVE("/insights");

    private final String landingPath;

    Role(String landingPath) {
        this.landingPath = landingPath;
    }

    public String landingPath() {
        return landingPath;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    /** Roles an HQ admin may give to tenant users (the platform operator is not a tenant role). */
    public static Role[] tenantRoles() {
        return new Role[] {HQ_ADMIN, HQ_MARKETER, VALIDATOR, BRANCH_MANAGER, EXECUTIVE};
    }
}
