package io.archipel.tenancy;

public enum TenantStatus {
    ACTIVE, SUSPENDED
}
