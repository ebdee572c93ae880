package io.portcullis.e2e;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Kustomize trees under {@code infra/k8s} for the {@code *ManifestsTests}: which ones there are, and each
 * rendered once per run with {@code kubectl kustomize}, whichever test class asks first.
 */
final class Kustomizations {

    /** the working directory of the tests is the module; the repository is its parent */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static final List<String> SERVICES = List.of("auth-server", "gateway", "user-service", "order-service");

    /** service.namespace.svc.cluster.local */
    static final Pattern IN_CLUSTER = Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local");

    private static final Path K8S = ROOT.resolve("infra/k8s");

    private static final Map<String, RenderedManifests> RENDERED = new ConcurrentHashMap<>();

    private static final Path KUBECTL = RenderedManifests.kubectl().orElse(null);

    private Kustomizations() {
    }

    /** A test run once for each of the {@link #overlays()}, named after it, which it takes as its parameter. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.e2e.Kustomizations#overlays")
    @interface OverlayTest {

    }

    /** Skips the calling test, with the reason, where there is no {@code kubectl} to render with. */
    static void assumeKubectl() {
        assumeTrue(KUBECTL != null, "kubectl is needed on the PATH to render infra/k8s (kubectl kustomize): "
                + "install it to run the Kubernetes manifest checks");
    }

    /** {@code overlays/<name>} for every overlay with a kustomization, sorted. */
    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
            return dirs.filter((dir) -> Files.exists(dir.resolve("kustomization.yaml")))
                .map((dir) -> "overlays/" + dir.getFileName())
                .sorted()
                .toList()
                .stream();
        }
    }

    static Stream<String> baseAndOverlays() throws IOException {
        return Stream.concat(Stream.of("base"), overlays());
    }

    /** The objects {@code kubectl kustomize infra/k8s/<kustomization>} renders. */
    static RenderedManifests rendered(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, (dir) -> RenderedManifests.render(KUBECTL, K8S.resolve(dir)));
    }

}
