package io.portcullis.auth.architecture;

import java.util.List;
import java.util.Map;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The auth-server's package rules, for any root package (the application's, or a fixture's that breaks them): no
 * cycles between the packages below the root, and each package may use only those named in {@link #ALLOWED}.
 * <p>
 * {@code system} is the shared kernel (settings, clock, problem model, paging, change events, filter-chain order)
 * and uses no other package. The features use the kernel, and another feature only through its public seam along
 * the arrows below, which form a tree-shaped order (no way back): the token endpoint is assembled from clients, keys,
 * scopes and the deny-list; the own-token security of the admin API and the feed rests on keys and token standing.
 * A feature learns of another's change through {@code system.StoredDataChanged}, never by calling into it.
 */
final class PackageRules {

    /** For each package, the packages it may use besides itself. */
    static final Map<String, List<String>> ALLOWED = Map.of(
            "system", List.of(),
            "audit", List.of("system"),
            "scope", List.of("system", "audit"),
            "key", List.of("system", "audit"),
            "client", List.of("system", "audit", "scope"),
            "revocation", List.of("system", "audit", "client"),
            "token", List.of("system", "client", "key", "scope", "revocation"),
            "security", List.of("system", "client", "key", "token"),
            "feed", List.of("system", "security"),
            "admin", List.of("system", "security"));

    private PackageRules() {
    }

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    static ArchRule allowedDependencies(String root) {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true);
        for (String name : ALLOWED.keySet()) {
            layers = layers.layer(name).definedBy(root + "." + name + "..");
        }
        for (Map.Entry<String, List<String>> entry : ALLOWED.entrySet()) {
            layers = entry.getValue().isEmpty() ? layers.whereLayer(entry.getKey()).mayNotAccessAnyLayer()
                    : layers.whereLayer(entry.getKey()).mayOnlyAccessLayers(entry.getValue().toArray(String[]::new));
        }
        return layers;
    }

}
