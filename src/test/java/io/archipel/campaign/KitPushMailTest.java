package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import io.archipel.brand.Availability;
import io.archipel.delivery.sandbox.MailSandbox;
import io.archipel.delivery.sandbox.SandboxMessages;
import io.archipel.identity.Role;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Pushing a kit e-mails the managers of the targeted branches over SMTP (the mail sandbox's GreenMail sink), each in
 * their own language, with a link to their branch's kits page; managers of branches outside a pilot group get nothing.
 */
@ArchipelTest
class KitPushMailTest {

    @Autowired
    Personas personas;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    KitService kits;
    @Autowired
    MailSandbox sandbox;

    @Test
    void managersOfTargetedBranchesAreToldInTheirLanguage() throws Exception {
        ReviewFixture fx = new ReviewFixture(context);
        UUID lyon = fx.branchId("LYO-01");
        UUID nice = fx.branchId("NCE-01");
        UUID tenantId = personas.principal(Personas.HQ_ADMIN).tenantId();
        String lyonFr = fx.newUser(Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(lyon), "fr");
        String lyonEn = fx.newUser(Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(lyon), "en");
        String niceFr = fx.newUser(Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(nice), "fr");
        String name = "Fête des mères " + ReviewFixture.unique();
        UUID template = fx.templateId();
        LocalDate end = LocalDate.of(LocalDate.now(ZoneId.of("Europe/Paris")).getYear() + 1, 5, 31);

        personas.runAs(Personas.HQ_MARKETER, () -> {
            UUID kitId = kits.create(name, template, "Ajoutez vos horaires du dimanche.\nEt une photo de l’équipe.");
            Kits.Details d = kits.get(kitId);
            long v = kits.update(kitId, d.version(), name, d.brief(), null, end.minusDays(14), end);
            kits.push(kitId, v, new Availability(Availability.Audience.PILOT, Set.of(fx.territoryId("ARA")),
                    Set.of(), null, null));
        });

        SandboxMessages.Message fr = onlyMailTo(tenantId, lyonFr, name);
        assertThat(fr.subject()).isEqualTo("Nouvelle campagne clé en main à personnaliser : « " + name
                + " », avant le 31 mai " + end.getYear());
        assertThat(fr.text()).contains("Bonjour Camille").contains("Lyon Part-Dieu (LYO-01)")
                .contains("> Ajoutez vos horaires du dimanche.").contains("/portal/kits?branchId=" + lyon);
        assertThat(fr.html()).contains("Voir la campagne clé en main").contains("/portal/kits?branchId=" + lyon)
                .contains("Et une photo de l’équipe.");
        SandboxMessages.Message en = onlyMailTo(tenantId, lyonEn, name);
        assertThat(en.subject()).isEqualTo("New campaign kit to personalise: \u201c" + name + "\u201d, before May 31, "
                + end.getYear());
        assertThat(en.text()).contains("Hello Alex").contains("See the kit").contains("HQ\u2019s brief:");
        // Nice is outside the pilot group; the marketer who pushed is not a branch manager
        assertThat(mailsTo(tenantId, niceFr, name, 1)).isEmpty();
        assertThat(mailsTo(tenantId, Personas.HQ_MARKETER, name, 1)).isEmpty();
    }

    private SandboxMessages.Message onlyMailTo(UUID tenantId, String address, String subjectPart)
            throws InterruptedException {
        List<SandboxMessages.Message> mails = mailsTo(tenantId, address, subjectPart, 50);
        assertThat(mails).as("mails to " + address).hasSize(1);
        return mails.get(0);
    }

    private List<SandboxMessages.Message> mailsTo(UUID tenantId, String address, String subjectPart, int attempts)
            throws InterruptedException {
        Predicate<SandboxMessages.Summary> wanted = m -> m.recipients().contains(address)
                && m.subject().contains(subjectPart);
        for (int attempt = 0; attempt < attempts; attempt++) {
            List<SandboxMessages.Message> found = new ArrayList<>();
            TenantContext.runAsSystem(tenantId, () -> sandbox.list().stream().filter(wanted)
                    .forEach(m -> found.add(sandbox.get(m.id()))));
            if (!found.isEmpty()) {
                return found;
            }
            if (attempt + 1 < attempts) {
                Thread.sleep(100);
            }
        }
        return List.of();
    }
}
