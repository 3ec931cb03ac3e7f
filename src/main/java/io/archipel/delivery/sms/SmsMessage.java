package io.archipel.delivery.sms;

/**
 * One SMS to hand to the tenant's provider: the campaign recipient row it is for (null for a test SMS), the number in
 * E.164 and the final text.
 */
public record SmsMessage(Long recipientId, String toE164, String text) {
}
