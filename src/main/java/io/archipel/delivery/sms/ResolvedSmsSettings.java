package io.archipel.delivery.sms;

/** A tenant's SMS settings as the providers use them (token decrypted; never leaves this package). */
record ResolvedSmsSettings(SmsSettings.Provider provider, String httpUrl, String token, String senderName) {

    static final ResolvedSmsSettings DEFAULT = new ResolvedSmsSettings(SmsSettings.Provider.DEVELOPMENT, null, null,
            null);

    @Override
    public String toString() {
        return "ResolvedSmsSettings[" + provider + ", " + httpUrl + ", token=" + (token == null ? "none" : "***")
                + ", " + senderName + "]";
    }
}
