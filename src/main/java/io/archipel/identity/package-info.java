/** People: platform operators and tenant users, their roles and scopes, login, sessions and preferences. */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package io.archipel.identity;
