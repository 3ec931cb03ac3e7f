package io.archipel.delivery.sms;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService;

/**
 * A network of its own for the SMS tests (created once per JVM): an HQ admin, an HQ marketer and one branch, so that
 * changing the SMS provider leaves the demo network on the development sandbox.
 */
record SmsNetwork(UUID tenantId, String slug, String adminEmail, String marketerEmail, UUID branchId) {

    private static SmsNetwork instance;

    static synchronized SmsNetwork ensure(TenantService tenants, TerritoryService territories, BranchService branches,
            UserAccountService users) {
        if (instance == null) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String slug = "smstest-" + tag;
            UUID tenantId = tenants.create(slug, "SMS Test " + tag, "en");
            String admin = "admin-" + tag + "@smstest.example";
            String marketer = "marketer-" + tag + "@smstest.example";
            UUID[] branch = new UUID[1];
            TenantContext.runAsSystem(tenantId, () -> {
                UUID country = territories.create(null, TerritoryKind.COUNTRY, "ST-" + tag, "Smsland " + tag);
                branch[0] = branches.create(new BranchService.BranchData("ST-" + tag, "SMS shop " + tag, country,
                        "1 rue du Texto", null, "75001", "Paris", "FR", "+33 1 00 00 00 00",
                        "shop-" + tag + "@smstest.example", "Mon-Sat 10-19", "Europe/Paris", "SMS shop"));
                users.create(new UserAccountService.UserData(admin, "Admin " + tag, Role.HQ_ADMIN, ScopeType.TENANT,
                        null, Set.of(), "Sms-Password-2026"));
                users.create(new UserAccountService.UserData(marketer, "Marketer " + tag, Role.HQ_MARKETER,
                        ScopeType.TENANT, null, Set.of(), "Sms-Password-2026"));
            });
            instance = new SmsNetwork(tenantId, slug, admin, marketer, branch[0]);
        }
        return instance;
    }

    /** A French mobile number nobody else is likely to use in this JVM (+33612 and 6 random digits). */
    static String newMobile() {
        // 06 12 …: a range every phone-number library takes for a French mobile (some other 06 ranges are not allocated)
        return String.format("+33612%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    /** A contact of the branch with this mobile and SMS consent granted. */
    UUID contactWithConsent(ContactService contacts, String mobile, String firstName) {
        UUID[] id = new UUID[1];
        TenantContext.runAsSystem(tenantId, () -> {
            id[0] = contacts.create(branchId, new Contacts.ContactData(null, mobile, firstName, "Texto", null, null,
                    null, null, null, null, List.of()));
            contacts.recordConsent(id[0], Contacts.Channel.SMS, Contacts.ConsentState.GRANTED,
                    Contacts.ConsentSource.FORM, "shop form");
        });
        return id[0];
    }
}
