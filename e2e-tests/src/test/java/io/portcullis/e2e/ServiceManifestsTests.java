package io.portcullis.e2e;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.portcullis.e2e.Kustomizations.OverlayTest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;

import static io.portcullis.e2e.Kustomizations.rendered;
import static io.portcullis.e2e.RenderedManifests.at;
import static io.portcullis.e2e.RenderedManifests.containers;
import static io.portcullis.e2e.RenderedManifests.labels;
import static io.portcullis.e2e.RenderedManifests.list;
import static io.portcullis.e2e.RenderedManifests.map;
import static io.portcullis.e2e.RenderedManifests.maps;
import static io.portcullis.e2e.RenderedManifests.name;
import static io.portcullis.e2e.RenderedManifests.namespace;
import static io.portcullis.e2e.RenderedManifests.string;

/**
 * Renders every overlay under {@code infra/k8s/overlays} with {@code kubectl kustomize} and checks how the services
 * are reached: each Deployment through a Service, with a disruption budget and a mutual-TLS certificate; from
 * outside only through one public entry that routes to the gateway (and to the auth-server's OAuth endpoints, where
 * clients get tokens) and verifies the certificates behind it.
 */
class ServiceManifestsTests {

    // per test rather than per class, so that the reports list every check as skipped, with the reason
    @BeforeEach
    void kubectlOnPath() {
        Kustomizations.assumeKubectl();
    }

    @OverlayTest
    void deploymentsWhenRenderedThenEachHasServiceDisruptionBudgetAndMutualTlsCertificate(String overlay) {
        RenderedManifests manifests = rendered(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            String name = name(deployment);
            Map<String, String> podLabels = labels(deployment, "spec", "template", "metadata", "labels");
            Map<String, Integer> ports = RenderedManifests.containerPorts(containers(deployment).get(0));

            softly.assertThat(manifests.ofKind("Service").stream()
                .filter((service) -> !map(service, "spec", "selector").isEmpty())
                .filter((service) -> podLabels.entrySet().containsAll(labels(service, "spec", "selector").entrySet()))
                .flatMap((service) -> maps(service, "spec", "ports").stream())
                .map((port) -> port.get("targetPort"))
                .anyMatch((target) -> "https".equals(target) || Objects.equals(target, ports.get("https"))))
                .as("%s: a Service selecting its pods on the https port", name)
                .isTrue();

            Integer minReplicas = (Integer) at(manifests.autoscaler(name), "spec", "minReplicas");
            softly.assertThat(manifests.ofKind("PodDisruptionBudget").stream()
                .filter((pdb) -> NetworkReachability.selects(map(pdb, "spec", "selector"), podLabels))
                .anyMatch((pdb) -> (at(pdb, "spec", "maxUnavailable") instanceof Integer max && max >= 1)
                        || (at(pdb, "spec", "minAvailable") instanceof Integer min && minReplicas != null
                                && min < minReplicas)))
                .as("%s: a PodDisruptionBudget that still lets a node drain", name)
                .isTrue();

            String secret = maps(deployment, "spec", "template", "spec", "volumes").stream()
                .map((volume) -> string(volume, "secret", "secretName"))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
            Map<String, Object> certificate = manifests.ofKind("Certificate").stream()
                .filter((candidate) -> Objects.equals(string(candidate, "spec", "secretName"), secret))
                .findFirst()
                .orElse(Map.of());
            softly.assertThat(certificate).as("%s: a cert-manager Certificate for its TLS secret %s", name, secret)
                .isNotEmpty();
            softly.assertThat(list(certificate, "spec", "usages")).as("%s certificate usages", name)
                .contains("server auth", "client auth");
            // the services admit a caller by a SAN of its certificate (portcullis.resource-server.clients.allowed)
            softly.assertThat(string(certificate, "spec", "commonName")).as("%s certificate CN", name).isEqualTo(name);
            softly.assertThat(list(certificate, "spec", "dnsNames")).as("%s certificate DNS names", name)
                .contains(name, name + "." + namespace(deployment) + ".svc.cluster.local");
            softly.assertThat(string(certificate, "spec", "issuerRef", "name")).as("%s issuer", name).isNotBlank();
        }
        softly.assertAll();
    }

    @OverlayTest
    void publicEntryWhenRenderedThenOnlyTheGatewayAndTheTokenEndpointsAreRouted(String overlay) {
        RenderedManifests manifests = rendered(overlay);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(manifests.ofKind("Service"))
            .as("no Service bypasses the edge (LoadBalancer or NodePort)")
            .noneMatch((service) -> "LoadBalancer".equals(string(service, "spec", "type"))
                    || "NodePort".equals(string(service, "spec", "type")));
        softly.assertThat(manifests.ofKind("Ingress")).as("one public entry: the Gateway").isEmpty();
        List<Map<String, Object>> gateways = manifests.ofKind("Gateway");
        softly.assertThat(gateways).hasSize(1);
        List<Map<String, Object>> listeners = gateways.stream().flatMap((gateway) -> maps(gateway, "spec",
                "listeners").stream()).toList();
        Set<String> routedServices = new TreeSet<>();
        String issuerHost = URI.create(manifests.platformConfig().get("PORTCULLIS_ISSUER")).getHost();
        boolean issuerRoutedToAuthServer = false;
        for (Map<String, Object> route : manifests.ofKind("HTTPRoute")) {
            List<Object> hostnames = list(route, "spec", "hostnames");
            for (Map<String, Object> parent : maps(route, "spec", "parentRefs")) {
                Object listenerHost = listeners.stream()
                    .filter((listener) -> Objects.equals(listener.get("name"), parent.get("sectionName")))
                    .map((listener) -> listener.get("hostname"))
                    .findFirst()
                    .orElse(null);
                softly.assertThat(hostnames).as("%s hostnames = its listener's", name(route))
                    .containsExactly(listenerHost);
            }
            for (Map<String, Object> rule : maps(route, "spec", "rules")) {
                List<String> paths = maps(rule, "matches").stream()
                    .map((match) -> string(match, "path", "value"))
                    .toList();
                for (Map<String, Object> backend : maps(rule, "backendRefs")) {
                    String service = string(backend, "name");
                    routedServices.add(service);
                    softly.assertThat(service).as("%s routes only to the gateway or the auth-server", name(route))
                        .isIn("gateway", "auth-server");
                    if ("gateway".equals(service)) {
                        softly.assertThat(paths).as("the gateway serves /api only").containsOnly("/api");
                    }
                    if ("auth-server".equals(service)) {
                        softly.assertThat(paths).as("the auth-server's public paths (not /admin, not /feed)")
                            .isNotEmpty()
                            .containsOnly("/oauth2", "/.well-known");
                        issuerRoutedToAuthServer |= hostnames.contains(issuerHost);
                    }
                }
            }
        }
        softly.assertThat(routedServices).as("routed services").contains("gateway");
        softly.assertThat(issuerRoutedToAuthServer).as("the issuer %s is the auth-server's public host", issuerHost)
            .isTrue();
        for (Map<String, Object> listener : listeners) {
            softly.assertThat(listener.get("protocol")).as("listener %s", listener.get("name")).isEqualTo("HTTPS");
            String secret = string(maps(listener, "tls", "certificateRefs").stream().findFirst().orElse(Map.of()),
                    "name");
            softly.assertThat(manifests.ofKind("Certificate"))
                .as("listener %s: a Certificate for %s into %s", listener.get("name"), listener.get("hostname"),
                        secret)
                .anyMatch((certificate) -> Objects.equals(string(certificate, "spec", "secretName"), secret)
                        && list(certificate, "spec", "dnsNames").contains(listener.get("hostname")));
        }
        for (String service : routedServices) {
            Map<String, Object> policy = manifests.ofKind("BackendTLSPolicy").stream()
                .filter((candidate) -> maps(candidate, "spec", "targetRefs").stream()
                    .anyMatch((target) -> service.equals(target.get("name"))))
                .findFirst()
                .orElse(Map.of());
            softly.assertThat(list(policy, "spec", "validation", "caCertificateRefs"))
                .as("%s: the edge verifies it (BackendTLSPolicy with the platform CA)", service)
                .isNotEmpty();
            softly.assertThat(manifests.ofKind("Certificate"))
                .as("%s: its certificate names the verified host", service)
                .anyMatch((certificate) -> list(certificate, "spec", "dnsNames")
                    .contains(string(policy, "spec", "validation", "hostname")));
        }
        softly.assertAll();
    }

}
