package io.portcullis.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.portcullis.e2e.NetworkReachability.Peer;
import io.portcullis.e2e.NetworkReachability.Port;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static io.portcullis.e2e.RenderedManifests.at;
import static io.portcullis.e2e.RenderedManifests.containers;
import static io.portcullis.e2e.RenderedManifests.labels;
import static io.portcullis.e2e.RenderedManifests.list;
import static io.portcullis.e2e.RenderedManifests.map;
import static io.portcullis.e2e.RenderedManifests.maps;
import static io.portcullis.e2e.RenderedManifests.name;
import static io.portcullis.e2e.RenderedManifests.namespace;
import static io.portcullis.e2e.RenderedManifests.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders {@code infra/k8s/base} and every overlay under {@code infra/k8s/overlays} with {@code kubectl kustomize}
 * and checks what the platform promises: replicated, probed, sized and locked-down Deployments, each with a Service,
 * an autoscaler, a disruption budget and a mutual-TLS certificate; one public entry that routes only to the gateway
 * (and to the auth-server's OAuth endpoints, where clients get tokens); network policies that open exactly the
 * intended hops; configuration that names existing services; and no committed secret.
 */
class KubernetesManifestsTests {

    /** the working directory of the tests is the module; the repository is its parent */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Path K8S = ROOT.resolve("infra/k8s");

    private static final List<String> SERVICES = List.of("auth-server", "gateway", "user-service");

    private static final Pattern SECRET_LIKE = Pattern
        .compile("(?i).*(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|ENCRYPTION_KEY|HASH_KEY|CREDENTIAL).*");

    private static final Pattern PLACEHOLDER = Pattern.compile("|REPLACE_ME|CHANGE_ME|changeme|<[^<>]+>");

    private static final Pattern PORT_DEFAULT = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}");

    /** service.namespace.svc.cluster.local */
    private static final Pattern IN_CLUSTER = Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local");

    private static final Map<String, RenderedManifests> RENDERED = new ConcurrentHashMap<>();

    private static final Path KUBECTL = RenderedManifests.kubectl().orElse(null);

    // per test rather than per class, so that the reports list every check as skipped, with the reason
    @BeforeEach
    void kubectlOnPath() {
        assumeTrue(KUBECTL != null, "kubectl is needed on the PATH to render infra/k8s (kubectl kustomize): "
                + "install it to run the Kubernetes manifest checks");
    }

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

    private static RenderedManifests rendered(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, (dir) -> RenderedManifests.render(KUBECTL, K8S.resolve(dir)));
    }

    @Test
    void overlaysWhenListedThenLocalAndProductionRender() throws IOException {
        assertThat(overlays().toList()).contains("overlays/local", "overlays/production");
        overlays().forEach((overlay) -> assertThat(rendered(overlay).ofKind("Deployment")).as(overlay)
            .extracting(RenderedManifests::name)
            .containsExactlyInAnyOrderElementsOf(SERVICES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
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
            // the common name is the identity the services admit (portcullis.mtls.allowed-clients)
            softly.assertThat(string(certificate, "spec", "commonName")).as("%s certificate CN", name).isEqualTo(name);
            softly.assertThat(list(certificate, "spec", "dnsNames")).as("%s certificate DNS names", name)
                .contains(name, name + "." + namespace(deployment) + ".svc.cluster.local");
            softly.assertThat(string(certificate, "spec", "issuerRef", "name")).as("%s issuer", name).isNotBlank();
        }
        softly.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void platformConfigurationWhenRenderedThenUrlsNameServicesPortsAndCertificatesThatExist(String overlay) {
        RenderedManifests manifests = rendered(overlay);
        Map<String, String> config = manifests.platformConfig();
        SoftAssertions softly = new SoftAssertions();
        List<String> urls = new ArrayList<>(List.of(config.get("PORTCULLIS_JWKS_URI"),
                config.get("PORTCULLIS_AUTH_INTERNAL_URL")));
        urls.addAll(List.of(config.get("PORTCULLIS_USERS_INSTANCES").split(",")));
        urls.add("tcp://" + config.get("PORTCULLIS_REDIS_HOST") + ":" + config.get("PORTCULLIS_REDIS_PORT"));
        for (String url : urls) {
            URI uri = URI.create(url.trim());
            Matcher host = IN_CLUSTER.matcher(uri.getHost());
            softly.assertThat(host.matches()).as("%s names an in-cluster service", url).isTrue();
            if (!host.matches()) {
                continue;
            }
            Map<String, Object> service = manifests.find("Service", host.group(2), host.group(1)).orElse(Map.of());
            softly.assertThat(maps(service, "spec", "ports")).as("%s: Service %s and its port", url, host.group(1))
                .anyMatch((port) -> Objects.equals(port.get("port"), uri.getPort()));
            if ("https".equals(uri.getScheme())) {
                softly.assertThat(manifests.ofKind("Certificate"))
                    .as("%s: the certificate behind it names its host", url)
                    .anyMatch((certificate) -> list(certificate, "spec", "dnsNames").contains(uri.getHost()));
            }
        }
        Map<String, Object> deployment = manifests.get("Deployment", "auth-server");
        String tlsMount = maps(containers(deployment).get(0), "volumeMounts").stream()
            .filter((mount) -> "tls".equals(mount.get("name")))
            .map((mount) -> string(mount, "mountPath"))
            .findFirst()
            .orElse("(no tls mount)");
        softly.assertThat(config).containsEntry("PORTCULLIS_TLS_CERTIFICATE", "file:" + tlsMount + "/tls.crt")
            .containsEntry("PORTCULLIS_TLS_PRIVATE_KEY", "file:" + tlsMount + "/tls.key")
            .containsEntry("PORTCULLIS_TLS_CA", "file:" + tlsMount + "/ca.crt")
            .containsEntry("PORTCULLIS_FEED_ENABLED", "true");
        softly.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void networkPoliciesWhenEvaluatedThenOnlyTheIntendedHopsAreOpen(String overlay) {
        RenderedManifests manifests = rendered(overlay);
        NetworkReachability network = new NetworkReachability(manifests.ofKind("NetworkPolicy"));
        List<Peer> workloads = manifests.workloads()
            .stream()
            .map((workload) -> NetworkReachability.peer(manifests, workload))
            .toList();
        List<Port> storePorts = Stream.of("postgresql", "redis")
            .flatMap((store) -> maps(manifests.get("Service", "portcullis", store), "spec", "ports").stream())
            .map((port) -> new Port(string(port, "name"), (Integer) port.get("port"), "TCP"))
            .toList();
        List<Peer> others = new ArrayList<>(List.of(
                // Envoy Gateway's proxies (base/edge.yaml): the internet's way in
                Peer.pod("edge-proxy", "envoy-gateway-system", manifests.namespaceLabels("envoy-gateway-system"),
                        Map.of("app.kubernetes.io/name", "envoy"), List.of(new Port("https", 10443, "TCP"))),
                // kube-prometheus-stack's Prometheus
                Peer.pod("prometheus", "monitoring", manifests.namespaceLabels("monitoring"),
                        Map.of("app.kubernetes.io/name", "prometheus"), List.of(new Port("web", 9090, "TCP"))),
                Peer.pod("kube-dns", "kube-system", manifests.namespaceLabels("kube-system"),
                        Map.of("k8s-app", "kube-dns"),
                        List.of(new Port("dns", 53, "UDP"), new Port("dns-tcp", 53, "TCP"))),
                Peer.pod("intruder", "portcullis", manifests.namespaceLabels("portcullis"),
                        Map.of("app.kubernetes.io/name", "intruder"), List.of(new Port("http", 8080, "TCP"))),
                Peer.pod("neighbour", "default", manifests.namespaceLabels("default"), Map.of("app", "neighbour"),
                        List.of(new Port("http", 8080, "TCP"))),
                Peer.external("internet", "203.0.113.7",
                        Stream.concat(Stream.of(new Port("https", 443, "TCP")), storePorts.stream()).toList())));
        // the addresses egress rules name (managed PostgreSQL and Redis outside the cluster)
        manifests.ofKind("NetworkPolicy").stream()
            .flatMap((policy) -> maps(policy, "spec", "egress").stream())
            .flatMap((rule) -> maps(rule, "to").stream())
            .map((peer) -> string(peer, "ipBlock", "cidr"))
            .filter(Objects::nonNull)
            .distinct()
            .forEach((cidr) -> others.add(Peer.external("external", NetworkReachability.firstAddress(cidr),
                    Stream.concat(Stream.of(new Port("https", 443, "TCP")), storePorts.stream()).toList())));

        Set<String> intended = new TreeSet<>(List.of("edge-proxy -> gateway:https", "edge-proxy -> auth-server:https",
                "gateway -> user-service:https", "gateway -> auth-server:https", "user-service -> auth-server:https"));
        for (String service : SERVICES) {
            intended.add("prometheus -> " + service + ":management");
            intended.add(service + " -> kube-dns:dns");
            intended.add(service + " -> kube-dns:dns-tcp");
        }
        intended.add("auth-server -> " + store(manifests, "postgresql"));
        intended.add("user-service -> " + store(manifests, "postgresql"));
        intended.add("gateway -> " + store(manifests, "redis"));

        // every direction on its own is as tight as both together: ingress rules admit only the intended sources
        // whatever the sources' egress says, and egress rules reach only the intended destinations
        Set<String> open = new TreeSet<>();
        Set<String> admitted = new TreeSet<>();
        Set<String> reached = new TreeSet<>();
        List<Peer> peers = Stream.concat(workloads.stream(), others.stream()).toList();
        for (Peer source : peers) {
            for (Peer destination : peers) {
                for (Port port : destination.ports()) {
                    String hop = source.name() + " -> " + destination.name() + ":" + port;
                    if (workloads.contains(destination) && network.ingressAllows(source, destination, port)) {
                        admitted.add(hop);
                    }
                    if (workloads.contains(source) && network.egressAllows(source, destination, port)) {
                        reached.add(hop);
                    }
                    if ((workloads.contains(source) || workloads.contains(destination))
                            && network.allowed(source, destination, port)) {
                        open.add(hop);
                    }
                }
            }
        }
        Set<String> workloadNames = new TreeSet<>(workloads.stream().map(Peer::name).toList());
        assertThat(open).as("open hops in %s", overlay).containsExactlyInAnyOrderElementsOf(intended);
        assertThat(admitted).as("hops the ingress rules of %s admit", overlay)
            .containsExactlyInAnyOrderElementsOf(intended.stream()
                .filter((hop) -> workloadNames.contains(hop.replaceAll(".* -> (.*):.*", "$1")))
                .toList());
        assertThat(reached).as("hops the egress rules of %s let out", overlay)
            .containsExactlyInAnyOrderElementsOf(intended.stream()
                .filter((hop) -> workloadNames.contains(hop.replaceAll(" -> .*", "")))
                .toList());
        assertThat(manifests.ofKind("NetworkPolicy")).as("default deny of both directions in portcullis")
            .anyMatch((policy) -> "portcullis".equals(namespace(policy))
                    && map(policy, "spec", "podSelector").isEmpty()
                    && list(policy, "spec", "policyTypes").containsAll(List.of("Ingress", "Egress"))
                    && list(policy, "spec", "ingress").isEmpty() && list(policy, "spec", "egress").isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("baseAndOverlays")
    void secretsWhenRenderedThenNoValueIsCommittedOnlyPlaceholdersAndReferences(String kustomization) {
        RenderedManifests manifests = rendered(kustomization);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> secret : manifests.ofKind("Secret")) {
            Map<String, String> values = new LinkedHashMap<>();
            labels(secret, "data").forEach((key, value) -> values.put(key,
                    new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
            values.putAll(labels(secret, "stringData"));
            values.forEach((key, value) -> softly.assertThat(value).as("Secret %s key %s", name(secret), key)
                .matches(PLACEHOLDER));
        }
        for (Map<String, Object> workload : manifests.workloads()) {
            for (Map<String, Object> container : containers(workload)) {
                for (Map<String, Object> env : maps(container, "env")) {
                    if (SECRET_LIKE.matcher(string(env, "name")).matches()) {
                        softly.assertThat(map(env, "valueFrom", "secretKeyRef"))
                            .as("%s env %s comes from a Secret", name(workload), env.get("name"))
                            .isNotEmpty();
                    }
                }
            }
        }
        for (Map<String, Object> configMap : manifests.ofKind("ConfigMap")) {
            labels(configMap, "data").forEach((key, value) -> {
                if (SECRET_LIKE.matcher(key).matches()) {
                    softly.assertThat(value).as("ConfigMap %s %s is a file reference", name(configMap), key)
                        .startsWith("file:");
                }
                // a password written out (a reference such as password="$VARIABLE" is fine) or in a URL's user info
                softly.assertThat(value).as("ConfigMap %s %s holds no credentials", name(configMap), key)
                    .doesNotContainPattern("(?i)password=(?![\"']?\\$)[^\\s&;\"']+")
                    .doesNotContainPattern("://[^/@\\s]+:[^/@\\s]+@");
            });
        }
        softly.assertAll();
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

    /**
     * Where the ExternalName service {@code name} leads, as "peer:port": a workload in the cluster (local overlay)
     * or "external" (an address outside, named by an ipBlock).
     */
    private static String store(RenderedManifests manifests, String name) {
        Map<String, Object> service = manifests.get("Service", "portcullis", name);
        assertThat(string(service, "spec", "type")).as("Service %s", name).isEqualTo("ExternalName");
        String port = string(maps(service, "spec", "ports").get(0), "name");
        Matcher inCluster = IN_CLUSTER.matcher(string(service, "spec", "externalName"));
        if (!inCluster.matches()) {
            return "external:" + port;
        }
        Map<String, Object> target = manifests.get("Service", inCluster.group(2), inCluster.group(1));
        Map<String, Object> workload = manifests.workloads().stream()
            .filter((candidate) -> inCluster.group(2).equals(namespace(candidate))
                    && labels(candidate, "spec", "template", "metadata", "labels").entrySet()
                        .containsAll(labels(target, "spec", "selector").entrySet()))
            .findFirst()
            .orElseThrow(() -> new AssertionError(name + ": no workload behind " + name(target)));
        return name(workload) + ":" + string(maps(target, "spec", "ports").get(0), "targetPort");
    }

}
