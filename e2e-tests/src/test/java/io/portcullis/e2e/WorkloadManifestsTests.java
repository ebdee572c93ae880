package io.portcullis.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.portcullis.e2e.Kustomizations.OverlayTest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static io.portcullis.e2e.Kustomizations.ROOT;
import static io.portcullis.e2e.Kustomizations.SERVICES;
import static io.portcullis.e2e.Kustomizations.overlays;
import static io.portcullis.e2e.Kustomizations.rendered;
import static io.portcullis.e2e.RenderedManifests.at;
import static io.portcullis.e2e.RenderedManifests.containers;
import static io.portcullis.e2e.RenderedManifests.list;
import static io.portcullis.e2e.RenderedManifests.map;
import static io.portcullis.e2e.RenderedManifests.name;
import static io.portcullis.e2e.RenderedManifests.namespace;
import static io.portcullis.e2e.RenderedManifests.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every overlay under {@code infra/k8s/overlays} with {@code kubectl kustomize} and checks the workloads:
 * a Deployment for each of the services, replicated, autoscaled and probed on the management port of its
 * application; every workload sized, non-root, read-only, unprivileged and without a service-account token.
 */
class WorkloadManifestsTests {

    private static final Pattern PORT_DEFAULT = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}");

    // per test rather than per class, so that the reports list every check as skipped, with the reason
    @BeforeEach
    void kubectlOnPath() {
        Kustomizations.assumeKubectl();
    }

    @Test
    void overlaysWhenListedThenLocalAndProductionRender() throws IOException {
        assertThat(overlays().toList()).contains("overlays/local", "overlays/production");
        overlays().forEach((overlay) -> assertThat(rendered(overlay).ofKind("Deployment")).as(overlay)
            .extracting(RenderedManifests::name)
            .containsExactlyInAnyOrderElementsOf(SERVICES));
    }

    @OverlayTest
    void deploymentsWhenRenderedThenReplicatedAndProbedOnTheManagementPortOfTheApplication(String overlay)
            throws IOException {
        RenderedManifests manifests = rendered(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            String name = name(deployment);
            Object replicas = at(deployment, "spec", "replicas");
            if (replicas != null) {
                softly.assertThat((Integer) replicas).as("%s replicas", name).isGreaterThanOrEqualTo(2);
            }
            softly.assertThat(manifests.autoscaler(name)).as("%s HorizontalPodAutoscaler", name)
                .isNotNull()
                .satisfies((hpa) -> assertThat((Integer) at(hpa, "spec", "minReplicas")).isGreaterThanOrEqualTo(2));
            Map<String, Integer> expectedPorts = applicationPorts(name);
            for (Map<String, Object> container : containers(deployment)) {
                Map<String, Integer> ports = RenderedManifests.containerPorts(container);
                softly.assertThat(ports).as("%s ports (server.port and management.server.port of its "
                        + "application.yml)", name).containsAllEntriesOf(expectedPorts);
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    Map<String, Object> get = map(container, probe, "httpGet");
                    softly.assertThat(get).as("%s %s", name, probe).isNotEmpty();
                    Object port = get.get("port");
                    softly.assertThat("management".equals(port) || Objects.equals(port, ports.get("management")))
                        .as("%s %s on the management port, not %s", name, probe, port)
                        .isTrue();
                    softly.assertThat(get.get("scheme")).as("%s %s scheme", name, probe).isEqualTo("HTTPS");
                }
                softly.assertThat(string(container, "readinessProbe", "httpGet", "path"))
                    .isEqualTo("/actuator/health/readiness");
                softly.assertThat(string(container, "livenessProbe", "httpGet", "path"))
                    .isEqualTo("/actuator/health/liveness");
            }
        }
        softly.assertAll();
    }

    @OverlayTest
    void workloadsWhenRenderedThenSizedNonRootReadOnlyUnprivilegedAndWithoutServiceAccountToken(String overlay) {
        RenderedManifests manifests = rendered(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> workload : manifests.workloads()) {
            String name = name(workload);
            Map<String, Object> pod = map(workload, "spec", "template", "spec");
            Map<String, Object> account = manifests.ofKind("ServiceAccount").stream()
                .filter((candidate) -> Objects.equals(name(candidate), pod.get("serviceAccountName"))
                        && Objects.equals(namespace(candidate), namespace(workload)))
                .findFirst()
                .orElse(Map.of());
            softly.assertThat(Objects.requireNonNullElse(pod.get("automountServiceAccountToken"),
                    account.get("automountServiceAccountToken")))
                .as("%s automountServiceAccountToken", name)
                .isEqualTo(false);
            for (Map<String, Object> container : containers(workload)) {
                Map<String, Object> security = map(container, "securityContext");
                softly.assertThat(Objects.requireNonNullElse(security.get("runAsNonRoot"),
                        at(pod, "securityContext", "runAsNonRoot")))
                    .as("%s runAsNonRoot", name)
                    .isEqualTo(true);
                softly.assertThat(security.get("readOnlyRootFilesystem")).as("%s readOnlyRootFilesystem", name)
                    .isEqualTo(true);
                softly.assertThat(security.get("allowPrivilegeEscalation")).as("%s allowPrivilegeEscalation", name)
                    .isEqualTo(false);
                softly.assertThat(list(security, "capabilities", "drop")).as("%s capabilities dropped", name)
                    .contains("ALL");
                softly.assertThat(map(container, "resources", "requests")).as("%s requests", name)
                    .containsKeys("cpu", "memory");
                softly.assertThat(map(container, "resources", "limits")).as("%s limits", name)
                    .containsKeys("cpu", "memory");
            }
        }
        softly.assertAll();
    }

    /**
     * The services' footprint budget (issue 16): the image gives the heap half of the memory limit, and the resident
     * set measured under the benchmark load stays below 300 MB (benchmarks/README.md, "Startup and footprint"), so
     * a pod is 384 MiB, requested as much as its limit (a JVM does not give memory back to a node under pressure).
     */
    @OverlayTest
    void servicesWhenRenderedThenMemoryRequestEqualsLimitWithinTheFootprintBudget(String overlay) {
        RenderedManifests manifests = rendered(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            if (!SERVICES.contains(name(deployment))) {
                continue;
            }
            for (Map<String, Object> container : containers(deployment)) {
                String request = string(container, "resources", "requests", "memory");
                String limit = string(container, "resources", "limits", "memory");
                softly.assertThat(request).as("%s memory request", name(deployment)).isEqualTo(limit);
                softly.assertThat(mebibytes(limit)).as("%s memory limit in MiB", name(deployment))
                    .isLessThanOrEqualTo(384);
            }
        }
        softly.assertAll();
    }

    private static long mebibytes(String quantity) {
        Matcher matcher = Pattern.compile("(\\d+)(Mi|Gi)").matcher(Objects.requireNonNullElse(quantity, ""));
        assertThat(matcher.matches()).as("a memory quantity in Mi or Gi: %s", quantity).isTrue();
        return Long.parseLong(matcher.group(1)) * (matcher.group(2).equals("Gi") ? 1024 : 1);
    }

    /** server.port and management.server.port defaults of the service's own application.yml */
    private static Map<String, Integer> applicationPorts(String service) throws IOException {
        Path file = ROOT.resolve(service).resolve("src/main/resources/application.yml");
        Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        return Map.of("https", defaultOf(string(yaml, "server", "port")), "management",
                defaultOf(string(yaml, "management", "server", "port")));
    }

    private static int defaultOf(String placeholder) {
        Matcher matcher = PORT_DEFAULT.matcher(Objects.requireNonNullElse(placeholder, ""));
        assertThat(matcher.matches()).as("a ${VARIABLE:port} placeholder: %s", placeholder).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

}
