package io.archipel.insights.steering;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.insights.Steering.Metric;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.TerritoryService;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, editing and archiving objectives: HQ admins only ({@link AccessDeniedException} otherwise), on a
 * territory their scope covers (404 unknown, 403 outside). Executives read them through
 * {@link io.archipel.insights.SteeringQueries}.
 */
@Service
public class ObjectiveService {

    public static final int MAX_NOTE = 500;

    private final SteeringStore store;
    private final TerritoryService territories;
    private final UserAccountService users;
    private final CurrentScope scope;

    ObjectiveService(SteeringStore store, TerritoryService territories, UserAccountService users, CurrentScope scope) {
        this.store = store;
        this.territories = territories;
        this.users = users;
        this.scope = scope;
    }

    /** What the form holds (null = empty or unreadable). The sponsor may be null here; the page requires one. */
    public record ObjectiveForm(UUID territoryId, Metric metric, BigDecimal target, LocalDate periodStart,
            LocalDate periodEnd, UUID sponsorId, String note) {
    }

    /** An executive who may sponsor an objective. */
    public record Sponsor(UUID id, String name, String email) {
    }

    /** Refused input: field → message key. */
    public static class InvalidObjectiveException extends InvalidSteeringFormException {

        public InvalidObjectiveException(Map<String, String> problems) {
            super("objective", problems);
        }
    }

    @Transactional(readOnly = true)
    public boolean any() {
        return !store.objectives(false).isEmpty() || !store.objectives(true).isEmpty();
    }

    /** The active executives of the tenant, by name. */
    @Transactional(readOnly = true)
    public List<Sponsor> sponsors() {
        return users.all().stream().filter(u -> u.active() && u.role() == Role.EXECUTIVE)
                .map(u -> new Sponsor(u.id(), u.displayName(), u.email())).toList();
    }

    @Transactional
    public UUID create(ObjectiveForm form) {
        SteeringGuard.requireAdmin();
        check(form);
        UUID id = UUID.randomUUID();
        store.insertObjective(id, form.territoryId(), form.metric(), form.target(), form.periodStart(),
                form.periodEnd(), form.sponsorId(), note(form.note()), SteeringGuard.actor());
        return id;
    }

    /** @throws OptimisticLockingFailureException when someone saved it meanwhile */
    @Transactional
    public void update(UUID objectiveId, long version, ObjectiveForm form) {
        SteeringGuard.requireAdmin();
        load(objectiveId);
        check(form);
        if (!store.updateObjective(objectiveId, version, form.territoryId(), form.metric(), form.target(),
                form.periodStart(), form.periodEnd(), form.sponsorId(), note(form.note()), SteeringGuard.actor())) {
            throw new OptimisticLockingFailureException("Objective changed meanwhile");
        }
    }

    @Transactional
    public void archive(UUID objectiveId, boolean archived) {
        SteeringGuard.requireAdmin();
        load(objectiveId);
        store.archiveObjective(objectiveId, archived, SteeringGuard.actor());
    }

    /** The stored objective for an edit form (404 / 403 like every read). */
    @Transactional(readOnly = true)
    public SteeringStore.ObjectiveRow load(UUID objectiveId) {
        return SteeringGuard.inScope(store.objective(objectiveId), "Objective",
                row -> territories.get(row.territoryId()));
    }

    private void check(ObjectiveForm f) {
        Map<String, String> problems = problems(f);
        if (!problems.isEmpty()) {
            throw new InvalidObjectiveException(problems);
        }
    }

    /** What is wrong with the form, field → message key (404 / 403 for a territory outside the caller's view). */
    @Transactional(readOnly = true)
    public Map<String, String> problems(ObjectiveForm f) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (f.territoryId() == null) {
            problems.put("territoryId", "validation.required");
        } else {
            territories.get(f.territoryId()); // 404 / 403
        }
        if (f.metric() == null) {
            problems.put("metric", "validation.required");
        }
        if (f.target() == null) {
            problems.put("target", "steering.objective.target.invalid");
        } else if (f.target().signum() <= 0 || f.target().compareTo(new BigDecimal("1000000000")) >= 0
                || (f.metric() != null && f.metric().percent() && f.target().compareTo(BigDecimal.valueOf(100)) > 0)) {
            problems.put("target", f.metric() != null && f.metric().percent() ? "steering.objective.target.percent"
                    : "steering.objective.target.invalid");
        }
        if (f.periodStart() == null) {
            problems.put("periodStart", "validation.required");
        }
        if (f.periodEnd() == null) {
            problems.put("periodEnd", "validation.required");
        } else if (f.periodStart() != null && f.periodEnd().isBefore(f.periodStart())) {
            problems.put("periodEnd", "steering.objective.period.order");
        }
        if (f.sponsorId() != null && sponsors().stream().noneMatch(s -> s.id().equals(f.sponsorId()))) {
            problems.put("sponsorId", "steering.objective.sponsor.invalid");
        }
        if (f.note() != null && f.note().strip().length() > MAX_NOTE) {
            problems.put("note", "validation.tooLong");
        }
        return problems;
    }

    private static String note(String note) {
        return note == null || note.isBlank() ? null : note.strip();
    }

    /** For the pages that only show a form: the same rule as every change (403 for anyone but an HQ admin). */
    public static void requireAdminForPages() {
        SteeringGuard.requireAdmin();
    }

    boolean wholeTenant() {
        return scope.get().isWholeTenant();
    }
}
