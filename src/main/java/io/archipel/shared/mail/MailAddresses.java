package io.archipel.shared.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Checks that a text is exactly one plain e-mail address ({@code local@domain}, no display name, no group). */
public final class MailAddresses {

    private MailAddresses() {
    }

    public static boolean isValid(String address) {
        if (address == null || address.isBlank() || address.indexOf('@') <= 0) {
            return false;
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            return parsed.getPersonal() == null && address.strip().equals(parsed.getAddress()) && !parsed.isGroup();
        } catch (AddressException e) {
            return false;
        }
    }
}
