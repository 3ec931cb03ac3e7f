/**
 * Delivery: sending e-mails (and later SMS) through SMTP, with an embedded mail sandbox for development whose mails the
 * HQ sees in the app, and test sends of a template's draft to oneself.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Delivery")
package io.archipel.delivery;
