package io.portcullis.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import io.portcullis.e2e.Kustomizations.OverlayTest;
import io.portcullis.e2e.NetworkReachability.Peer;
import io.portcullis.e2e.NetworkReachability.Port;
import org.junit.jupiter.api.BeforeEach;

import static io.portcullis.e2e.Kustomizations.IN_CLUSTER;
import static io.portcullis.e2e.Kustomizations.SERVICES;
import static io.portcullis.e2e.Kustomizations.rendered;
import static io.portcullis.e2e.RenderedManifests.labels;
import static io.portcullis.e2e.RenderedManifests.list;
import static io.portcullis.e2e.RenderedManifests.map;
import static io.portcullis.e2e.RenderedManifests.maps;
import static io.portcullis.e2e.RenderedManifests.name;
import static io.portcullis.e2e.RenderedManifests.namespace;
import static io.portcullis.e2e.RenderedManifests.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every overlay under {@code infra/k8s/overlays} with {@code kubectl kustomize} and evaluates its network
 * policies ({@link NetworkReachability}) between the workloads and the peers around them: exactly the intended hops
 * are open, in each direction on its own, behind a default deny of both directions.
 */
class NetworkPolicyManifestsTests {

    // per test rather than per class, so that the reports list every check as skipped, with the reason
    @BeforeEach
    void kubectlOnPath() {
        Kustomizations.assumeKubectl();
    }

    @OverlayTest
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
                "gateway -> user-service:https", "gateway -> auth-server:https", "user-service -> auth-server:https",
                "gateway -> order-service:https", "order-service -> user-service:https",
                "order-service -> auth-server:https"));
        for (String service : SERVICES) {
            intended.add("prometheus -> " + service + ":management");
            intended.add(service + " -> kube-dns:dns");
            intended.add(service + " -> kube-dns:dns-tcp");
        }
        intended.add("auth-server -> " + store(manifests, "postgresql"));
        intended.add("user-service -> " + store(manifests, "postgresql"));
        intended.add("order-service -> " + store(manifests, "postgresql"));
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
