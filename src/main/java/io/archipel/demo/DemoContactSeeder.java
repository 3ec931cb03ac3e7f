package io.archipel.demo;

import java.util.List;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A few customers of "Maison Lumière" (after {@link DemoNetworkSeeder}, before the campaigns), once, so that a demo
 * campaign reaches somebody: the sending engine delivers it into the mail sandbox. Loyal customers (tag
 * {@code fidele}, the demo segment's rule) with e-mail consent in LYO-01, LYO-02 and GRE-01, and in each branch one
 * loyal customer who never consented (the engine leaves them out). Addresses are under {@code example.com}.
 * {@code archipel.demo-data.contacts.enabled=false} leaves them out (the tests do).
 */
@Component
@Order(15)
class DemoContactSeeder implements ApplicationRunner {

    private static final Log log = LogFactory.getLog(DemoContactSeeder.class);
    private static final List<String[]> PEOPLE = List.of(
            new String[] {"Camille", "Martin"}, new String[] {"Louis", "Bernard"}, new String[] {"Chloé", "Dubois"},
            new String[] {"Hugo", "Thomas"}, new String[] {"Léa", "Robert"});

    private final Environment env;
    private final TenantService tenants;
    private final BranchService branches;
    private final ContactService contacts;

    DemoContactSeeder(Environment env, TenantService tenants, BranchService branches, ContactService contacts) {
        this.env = env;
        this.tenants = tenants;
        this.branches = branches;
        this.contacts = contacts;
    }

    @Override
    public void run(ApplicationArguments args) {
        DemoSeeding.inDemoNetwork(env, tenants, log, "contacts", this::seedOnce, "contacts");
    }

    private void seedOnce() {
        int created = 0;
        for (String code : List.of("LYO-01", "LYO-02", "GRE-01")) {
            UUID branchId = DemoSeeding.branch(branches, code);
            if (branchId == null || !contacts.findInBranch(branchId, address(code, PEOPLE.get(0)), null).isEmpty()) {
                continue;
            }
            for (int i = 0; i < PEOPLE.size(); i++) {
                String[] p = PEOPLE.get(i);
                UUID id = contacts.create(branchId, new Contacts.ContactData(address(code, p), null, p[0], p[1], null,
                        null, null, "Or", null, null, List.of("fidele")));
                // the last one never said yes to e-mails: the engine must leave them out
                if (i < PEOPLE.size() - 1) {
                    contacts.recordConsent(id, Contacts.Channel.EMAIL, Contacts.ConsentState.GRANTED,
                            Contacts.ConsentSource.FORM, "Demo: loyalty programme form");
                }
                created++;
            }
        }
        if (created > 0) {
            log.info("Demo contacts seeded: " + created + " loyal customers in LYO-01, LYO-02 and GRE-01");
        }
    }

    private static String address(String branchCode, String[] person) {
        String local = (person[0] + "." + person[1]).toLowerCase(java.util.Locale.ROOT)
                .replace("é", "e").replace("è", "e");
        return local + "." + branchCode.toLowerCase(java.util.Locale.ROOT) + "@example.com";
    }
}
