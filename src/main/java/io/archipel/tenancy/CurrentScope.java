package io.archipel.tenancy;

/**
 * Gives the network scope of the person behind the current request. Implemented by the identity module, so that
 * tenancy's services can enforce scope without depending on how users are stored.
 */
public interface CurrentScope {

    NetworkScope get();
}
