package io.archipel.tenancy;

/** How much of the network a user may see and act on. */
public enum ScopeType {
    /** The whole tenant. */
    TENANT,
    /** One territory and everything below it. */
    TERRITORY,
    /** An explicit set of branches. */
    BRANCHES
}
