package io.portcullis.e2e;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.portcullis.e2e.RenderedManifests.at;
import static io.portcullis.e2e.RenderedManifests.labels;
import static io.portcullis.e2e.RenderedManifests.list;
import static io.portcullis.e2e.RenderedManifests.map;
import static io.portcullis.e2e.RenderedManifests.maps;
import static io.portcullis.e2e.RenderedManifests.namespace;
import static io.portcullis.e2e.RenderedManifests.string;

/**
 * Evaluates rendered NetworkPolicies the way the Kubernetes API defines them: a pod selected by no policy of a
 * direction is open in that direction; a selected pod admits what at least one rule of one selecting policy allows;
 * a connection needs the source's egress and the destination's ingress. Named ports resolve against the destination
 * pod's container ports. {@code ipBlock} peers match only {@link Peer#external external} addresses, since the pods
 * of a test are identified by labels, not addresses.
 */
final class NetworkReachability {

    private final List<Map<String, Object>> policies;

    NetworkReachability(List<Map<String, Object>> policies) {
        this.policies = policies;
    }

    /** A port a pod listens on: name (may be {@code null}), number and protocol. */
    record Port(String name, int number, String protocol) {

        @Override
        public String toString() {
            return (this.name != null) ? this.name : (this.number + "/" + this.protocol);
        }

    }

    /** A pod (namespace, its labels, pod labels, ports) or an address outside the cluster. */
    record Peer(String name, String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels,
            String address, List<Port> ports) {

        static Peer pod(String name, String namespace, Map<String, String> namespaceLabels,
                Map<String, String> podLabels, List<Port> ports) {
            return new Peer(name, namespace, namespaceLabels, podLabels, null, ports);
        }

        static Peer external(String name, String address, List<Port> ports) {
            return new Peer(name, null, Map.of(), Map.of(), address, ports);
        }

        boolean isExternal() {
            return this.address != null;
        }

    }

    /** A rendered workload's pods as a peer. */
    static Peer peer(RenderedManifests manifests, Map<String, Object> workload) {
        List<Port> ports = RenderedManifests.containers(workload).stream()
            .flatMap((container) -> maps(container, "ports").stream())
            .map((port) -> new Port(string(port, "name"), (Integer) port.get("containerPort"),
                    Objects.requireNonNullElse(string(port, "protocol"), "TCP")))
            .toList();
        return Peer.pod(RenderedManifests.name(workload), namespace(workload),
                manifests.namespaceLabels(namespace(workload)),
                labels(workload, "spec", "template", "metadata", "labels"), ports);
    }

    /** An address inside {@code cidr} (the first host, or the address of a /32). */
    static String firstAddress(String cidr) {
        long network = ipv4(cidr.split("/")[0]);
        long address = (cidr.endsWith("/32")) ? network : network + 1;
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    /** Whether a connection goes through: the source's egress and the destination's ingress allow it. */
    boolean allowed(Peer source, Peer destination, Port port) {
        return egressAllows(source, destination, port) && ingressAllows(source, destination, port);
    }

    boolean egressAllows(Peer source, Peer destination, Port port) {
        return allows(source, "Egress", "egress", "to", destination, port);
    }

    boolean ingressAllows(Peer source, Peer destination, Port port) {
        return allows(destination, "Ingress", "ingress", "from", source, port);
    }

    /** Whether the policies around {@code subject} let traffic to or from {@code other} through on {@code port}. */
    private boolean allows(Peer subject, String type, String rulesKey, String peersKey, Peer other, Port port) {
        if (subject.isExternal()) {
            return true;
        }
        List<Map<String, Object>> selecting = this.policies.stream()
            .filter((policy) -> Objects.equals(namespace(policy), subject.namespace()))
            .filter((policy) -> selects(map(policy, "spec", "podSelector"), subject.podLabels()))
            .filter((policy) -> policyTypes(policy).contains(type))
            .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        Peer destination = type.equals("Egress") ? other : subject;
        return selecting.stream()
            .flatMap((policy) -> maps(policy, "spec", rulesKey).stream()
                .map((rule) -> Map.entry(namespace(policy), rule)))
            .anyMatch((entry) -> portsMatch(list(entry.getValue(), "ports"), port, destination)
                    && peersMatch(maps(entry.getValue(), peersKey), entry.getKey(), other));
    }

    private static List<Object> policyTypes(Map<String, Object> policy) {
        List<Object> declared = list(policy, "spec", "policyTypes");
        if (!declared.isEmpty()) {
            return declared;
        }
        return (at(policy, "spec", "egress") != null) ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private static boolean portsMatch(List<Object> ports, Port port, Peer destination) {
        if (ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch((entry) -> {
            String protocol = Objects.requireNonNullElse(string(entry, "protocol"), "TCP");
            Object wanted = at(entry, "port");
            if (!protocol.equals(port.protocol())) {
                return false;
            }
            if (wanted == null) {
                return true;
            }
            if (wanted instanceof Integer number) {
                Object end = at(entry, "endPort");
                int last = (end instanceof Integer endPort) ? endPort : number;
                return port.number() >= number && port.number() <= last;
            }
            // a named port is the destination's container port of that name
            return destination.ports().stream()
                .anyMatch((own) -> wanted.equals(own.name()) && own.number() == port.number()
                        && own.protocol().equals(port.protocol()));
        });
    }

    private static boolean peersMatch(List<Map<String, Object>> peers, String policyNamespace, Peer other) {
        if (peers.isEmpty()) {
            return true;
        }
        return peers.stream().anyMatch((peer) -> peerMatches(peer, policyNamespace, other));
    }

    private static boolean peerMatches(Map<String, Object> peer, String policyNamespace, Peer other) {
        if (peer.containsKey("ipBlock")) {
            return other.isExternal() && inBlock(other.address(), map(peer, "ipBlock"));
        }
        if (other.isExternal()) {
            return false;
        }
        boolean namespaceMatches = peer.containsKey("namespaceSelector")
                ? selects(map(peer, "namespaceSelector"), other.namespaceLabels())
                : Objects.equals(policyNamespace, other.namespace());
        boolean podMatches = !peer.containsKey("podSelector") || selects(map(peer, "podSelector"), other.podLabels());
        return namespaceMatches && podMatches;
    }

    /** A label selector ({@code matchLabels} and {@code matchExpressions}); an empty one selects everything. */
    static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
        boolean labelsMatch = labels(selector, "matchLabels").entrySet()
            .stream()
            .allMatch((wanted) -> wanted.getValue().equals(labels.get(wanted.getKey())));
        boolean expressionsMatch = maps(selector, "matchExpressions").stream().allMatch((expression) -> {
            String value = labels.get(string(expression, "key"));
            List<String> values = list(expression, "values").stream().map(String::valueOf).toList();
            return switch (string(expression, "operator")) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("unknown operator in " + expression);
            };
        });
        return labelsMatch && expressionsMatch;
    }

    static boolean inBlock(String address, Map<String, Object> block) {
        return inCidr(address, string(block, "cidr"))
                && list(block, "except").stream().noneMatch((except) -> inCidr(address, except.toString()));
    }

    static boolean inCidr(String address, String cidr) {
        String[] parts = cidr.split("/");
        if (parts[0].contains(":") || address.contains(":")) {
            return parts[0].contains(":") && address.contains(":") && Integer.parseInt(parts[1]) == 0;
        }
        int prefix = Integer.parseInt(parts[1]);
        long mask = (prefix == 0) ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (ipv4(address) & mask) == (ipv4(parts[0]) & mask);
    }

    static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

}
