/** The network: tenants (réseaux), their territory tree and their branches, plus tenant context and row-level security. */
@org.springframework.modulith.ApplicationModule(displayName = "Tenancy")
package io.archipel.tenancy;
