package io.archipel.tenancy.web;

import java.text.Collator;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.archipel.tenancy.TerritoryService.TerritoryView;

/** Choices offered by the network forms: countries, time zones and territory options indented as a tree. */
final class NetworkFormOptions {

    /** Countries a branch may be in (ISO 3166-1 alpha-2); names come from the JDK in the reader's language. */
    /** Every ISO 3166 country, so that any branch's country stays selectable when its form is edited. */
    static final List<String> COUNTRY_CODES = List.of(Locale.getISOCountries());

    private static final Set<String> REGIONS = Set.of("Africa", "America", "Antarctica", "Asia", "Atlantic",
            "Australia", "Europe", "Indian", "Pacific");

    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.indexOf('/') > 0 && REGIONS.contains(z.substring(0, z.indexOf('/'))))
            .sorted().toList();

    record Option(String value, String label) {
    }

    record TerritoryOption(UUID id, String label) {
    }

    private NetworkFormOptions() {
    }

    static boolean isCountry(String code) {
        return code != null && COUNTRY_CODES.contains(code);
    }

    static boolean isTimeZone(String zone) {
        return zone != null && ZONES.contains(zone);
    }

    static List<Option> countries(Locale locale) {
        Collator collator = Collator.getInstance(locale);
        return COUNTRY_CODES.stream()
                .map(c -> new Option(c, new Locale.Builder().setRegion(c).build().getDisplayCountry(locale)))
                .sorted(Comparator.comparing(Option::label, collator)).toList();
    }

    /** Europe/* first (the network's home), then every other region. */
    static List<Option> europeanTimeZones() {
        return ZONES.stream().filter(z -> z.startsWith("Europe/")).map(NetworkFormOptions::zone).toList();
    }

    static List<Option> otherTimeZones() {
        return ZONES.stream().filter(z -> !z.startsWith("Europe/")).map(NetworkFormOptions::zone).toList();
    }

    private static Option zone(String id) {
        ZoneOffset offset = ZoneId.of(id).getRules().getStandardOffset(Instant.now());
        String utc = "UTC" + (offset.getTotalSeconds() == 0 ? "" : offset.getId());
        return new Option(id, id.replace('_', ' ') + " (" + utc + ")");
    }

    /** Tree-ordered options, indented under their parents; {@code exclude} drops a node with its subtree. */
    static List<TerritoryOption> territories(List<TerritoryView> tree, TerritoryView exclude) {
        int top = tree.stream().mapToInt(TerritoryView::depth).min().orElse(0);
        return treeOrder(tree).stream()
                .filter(t -> exclude == null || !t.isWithin(exclude))
                .map(t -> new TerritoryOption(t.id(), "\u2003".repeat(t.depth() - top) + t.name()))
                .toList();
    }

    /** Parents before children, siblings by name (paths are ids, so path order is not alphabetical). */
    static List<TerritoryView> treeOrder(List<TerritoryView> flat) {
        Collator collator = Collator.getInstance(Locale.FRENCH);
        Set<UUID> ids = new java.util.HashSet<>();
        flat.forEach(t -> ids.add(t.id()));
        java.util.Map<UUID, List<TerritoryView>> children = new java.util.HashMap<>();
        List<TerritoryView> roots = new java.util.ArrayList<>();
        for (TerritoryView t : flat) {
            if (t.parentId() != null && ids.contains(t.parentId())) {
                children.computeIfAbsent(t.parentId(), k -> new java.util.ArrayList<>()).add(t);
            } else {
                roots.add(t);
            }
        }
        List<TerritoryView> out = new java.util.ArrayList<>();
        Comparator<TerritoryView> byName = Comparator.comparing(TerritoryView::name, collator);
        java.util.Deque<TerritoryView> stack = new java.util.ArrayDeque<>();
        roots.stream().sorted(byName.reversed()).forEach(stack::push);
        while (!stack.isEmpty()) {
            TerritoryView t = stack.pop();
            out.add(t);
            children.getOrDefault(t.id(), List.of()).stream().sorted(byName.reversed()).forEach(stack::push);
        }
        return out;
    }
}
