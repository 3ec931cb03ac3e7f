/**
 * Delivery: sending e-mails (and later SMS) through SMTP ({@code Outbox}, the {@code shared.mail.MailSender} of the
 * other modules), with an embedded mail sandbox for development whose mails the HQ sees in the app, and test sends to
 * oneself of a template's draft or a campaign. It reads campaigns through their API; campaigns never name it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Delivery")
package io.archipel.delivery;
