package io.archipel.brand;

/** Where replies to a campaign e-mail go. */
public enum ReplyToRule {
    /** To the sending branch's own e-mail address. */
    BRANCH_EMAIL,
    /** To one fixed address given in the brand kit. */
    FIXED,
    /** No Reply-To header: replies go to the sender address. */
    NONE
}
