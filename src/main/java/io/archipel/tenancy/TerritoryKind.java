package io.archipel.tenancy;

/** Levels of the territory tree; the tree may nest any level under any other, to any depth. */
public enum TerritoryKind {
    COUNTRY, REGION, ZONE, AREA
}
