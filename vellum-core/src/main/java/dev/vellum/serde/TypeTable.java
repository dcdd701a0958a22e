package dev.vellum.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.serde.internal.Registration;
import dev.vellum.store.EventData;
import dev.vellum.store.InvalidEventException;
import dev.vellum.store.Metadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;

/**
 * The checked, ready-to-use content of a registry: every readable type name (current and renamed)
 * and every record class, each mapped to its {@link RegisteredType}. {@link #assemble} checks that
 * the registrations, upcaster chains and renames fit together. Not API.
 *
 * @param byName every type name a stored event may have, including old names of renamed types
 * @param byClass every registered record class
 */
record TypeTable(Map<String, RegisteredType> byName, Map<Class<?>, RegisteredType> byClass) {

    /** Copies the maps. */
    public TypeTable {
        byName = Map.copyOf(byName);
        byClass = Map.copyOf(byClass);
    }

    /**
     * Checks the registrations and builds the table.
     *
     * @param registrations one per registered type, names and classes already unique
     * @param upcasters per type name, the upcasters by the version they start from
     * @param renames old type name to current type name
     * @param mapper the mapper each type's reader and writer is built from
     * @throws EventTypeRegistrationException listing every problem found
     */
    public static TypeTable assemble(List<Registration> registrations, Map<String, SortedMap<Integer, Upcaster>> upcasters,
            Map<String, String> renames, ObjectMapper mapper) {
        Map<String, Registration> byName = new HashMap<>();
        registrations.forEach(r -> byName.put(r.name(), r));
        List<String> problems = new ArrayList<>();
        upcasters.forEach((name, chain) -> checkUpcasterTarget(name, chain, byName, renames, problems));
        registrations.forEach(r -> checkChain(r, upcasters.getOrDefault(r.name(), Collections.emptySortedMap()), problems));
        renames.forEach((from, to) -> checkRename(from, to, byName, renames, problems));
        if (!problems.isEmpty()) {
            throw new EventTypeRegistrationException("The event types do not fit together:\n - " + String.join("\n - ", problems));
        }
        Map<String, RegisteredType> types = new HashMap<>();
        Map<Class<?>, RegisteredType> classes = new HashMap<>();
        for (Registration r : registrations) {
            Upcaster[] chain = upcasters.getOrDefault(r.name(), Collections.emptySortedMap())
                    .values().toArray(Upcaster[]::new);
            RegisteredType type = new RegisteredType(r.name(), r.recordClass(), r.version(), chain, mapper);
            types.put(r.name(), type);
            classes.put(r.recordClass(), type);
        }
        renames.forEach((from, to) -> types.put(from, types.get(to)));
        return new TypeTable(types, classes);
    }

    /**
     * Checks that a type name is one a store accepts.
     *
     * @throws EventTypeRegistrationException with the store's rule when it is not
     */
    public static void checkName(String name) {
        try {
            new EventData(new UUID(0, 0), name, "{}", Metadata.EMPTY);
        } catch (InvalidEventException e) {
            throw new EventTypeRegistrationException(e.getMessage());
        }
    }

    private static void checkUpcasterTarget(String name, SortedMap<Integer, Upcaster> chain,
            Map<String, Registration> byName, Map<String, String> renames, List<String> problems) {
        if (byName.containsKey(name)) {
            return;
        }
        if (renames.containsKey(name)) {
            problems.add("upcasters for '" + name + "' must be registered under its current name '"
                    + renames.get(name) + "' (a rename keeps the version numbers of the current name)");
        } else {
            problems.add("there is an upcaster for '" + name + "' from version " + chain.firstKey()
                    + ", but no type '" + name + "' is registered: register it, or fix the name");
        }
    }

    private static void checkChain(Registration r, SortedMap<Integer, Upcaster> chain, List<String> problems) {
        for (int from = 1; from < r.version(); from++) {
            if (!chain.containsKey(from)) {
                problems.add("'" + r.name() + "' is at schema version " + r.version() + " but has no upcaster from version "
                        + from + " to " + (from + 1) + ": add .upcaster(\"" + r.name() + "\", " + from + ", data -> ...)");
            }
        }
        for (int from : chain.tailMap(r.version()).keySet()) {
            problems.add("'" + r.name() + "' has an upcaster from version " + from + " but is registered at version "
                    + r.version() + ": register it at version " + (from + 1) + ", or remove the upcaster");
        }
    }

    private static void checkRename(String from, String to, Map<String, Registration> byName,
            Map<String, String> renames, List<String> problems) {
        if (byName.containsKey(from)) {
            problems.add("'" + from + "' is renamed to '" + to + "' but is also registered for "
                    + byName.get(from).recordClass().getName() + ": a name is either current or old, not both");
        }
        if (byName.containsKey(to)) {
            return;
        }
        String target = to;
        Set<String> seen = new HashSet<>();
        while (renames.containsKey(target) && seen.add(target)) {
            target = renames.get(target);
        }
        problems.add("'" + from + "' is renamed to '" + to + "', but no type '" + to + "' is registered"
                + (byName.containsKey(target) ? ": rename it straight to the current name '" + target + "'" : ""));
    }
}
