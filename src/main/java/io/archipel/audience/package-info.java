/** Audience: branch contacts, their consent and the suppression list, contact import, and HQ segments. */
@org.springframework.modulith.ApplicationModule(displayName = "Audience")
package io.archipel.audience;
