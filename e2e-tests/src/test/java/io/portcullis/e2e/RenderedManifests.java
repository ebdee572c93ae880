package io.portcullis.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The objects {@code kubectl kustomize <dir>} renders, as SnakeYAML maps, with the few look-ups the manifest tests
 * need. Navigation through absent keys yields {@code null} or empty lists, so that a check fails on its assertion
 * rather than on a {@link NullPointerException}.
 */
final class RenderedManifests {

    private final String name;

    private final List<Map<String, Object>> objects;

    private RenderedManifests(String name, List<Map<String, Object>> objects) {
        this.name = name;
        this.objects = objects;
    }

    /** The {@code kubectl} on the {@code PATH}, if any. */
    static Optional<Path> kubectl() {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        return Stream.of(path.split(File.pathSeparator))
            .filter((dir) -> !dir.isBlank())
            .map((dir) -> Path.of(dir, "kubectl"))
            .filter(Files::isExecutable)
            .findFirst();
    }

    static RenderedManifests render(Path kubectl, Path kustomization) {
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
                    .redirectError(errors.toFile())
                    .start();
                process.getOutputStream().close();
                String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + kustomization + " failed:\n"
                            + Files.readString(errors));
                }
                return parse(kustomization.getFileName().toString(), rendered);
            }
            finally {
                Files.deleteIfExists(errors);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("could not run kubectl kustomize " + kustomization, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    static RenderedManifests parse(String name, String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        return new RenderedManifests(name, objects);
    }

    String name() {
        return this.name;
    }

    List<Map<String, Object>> all() {
        return this.objects;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter((object) -> name.equals(string(object, "metadata", "name"))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(this.name + ": no " + kind + " " + name));
    }

    Optional<Map<String, Object>> find(String kind, String namespace, String name) {
        return ofKind(kind).stream()
            .filter((object) -> name.equals(name(object)) && namespace.equals(namespace(object)))
            .findFirst();
    }

    Map<String, Object> get(String kind, String namespace, String name) {
        return find(kind, namespace, name).orElseThrow(
                () -> new AssertionError(this.name + ": no " + kind + " " + namespace + "/" + name));
    }

    /** The value at {@code path} (map keys), or {@code null} when any step is absent. */
    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        return (at(node, path) instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
    }

    static List<Object> list(Object node, String... path) {
        return (at(node, path) instanceof List<?> list) ? List.copyOf(list) : List.of();
    }

    static List<Map<String, Object>> maps(Object node, String... path) {
        return list(node, path).stream().map((item) -> map(item)).toList();
    }

    static String string(Object node, String... path) {
        Object value = at(node, path);
        return (value != null) ? value.toString() : null;
    }

    static Map<String, String> labels(Object node, String... path) {
        Map<String, String> labels = new LinkedHashMap<>();
        map(node, path).forEach((key, value) -> labels.put(key, String.valueOf(value)));
        return labels;
    }

    static String namespace(Map<String, Object> object) {
        return string(object, "metadata", "namespace");
    }

    static String name(Map<String, Object> object) {
        return string(object, "metadata", "name");
    }

    /** Deployments, StatefulSets and DaemonSets. */
    List<Map<String, Object>> workloads() {
        return this.objects.stream()
            .filter((object) -> List.of("Deployment", "StatefulSet", "DaemonSet").contains(object.get("kind")))
            .toList();
    }

    /** The HorizontalPodAutoscaler scaling the Deployment {@code deployment}, or {@code null}. */
    Map<String, Object> autoscaler(String deployment) {
        return ofKind("HorizontalPodAutoscaler").stream()
            .filter((hpa) -> "Deployment".equals(string(hpa, "spec", "scaleTargetRef", "kind"))
                    && deployment.equals(string(hpa, "spec", "scaleTargetRef", "name")))
            .findFirst()
            .orElse(null);
    }

    /** The data of the ConfigMap the gateway takes its environment from (generated, so its name has a hash). */
    Map<String, String> platformConfig() {
        String configMap = string(maps(containers(get("Deployment", "gateway")).get(0), "envFrom").get(0),
                "configMapRef", "name");
        return labels(get("ConfigMap", configMap), "data");
    }

    /** The labels of a namespace as selectors see them (rendered ones plus kubernetes.io/metadata.name). */
    Map<String, String> namespaceLabels(String namespace) {
        Map<String, String> labels = new LinkedHashMap<>(find("Namespace", namespace)
            .map((object) -> labels(object, "metadata", "labels"))
            .orElse(Map.of()));
        labels.put("kubernetes.io/metadata.name", namespace);
        return labels;
    }

    /** Container port numbers by port name. */
    static Map<String, Integer> containerPorts(Map<String, Object> container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        maps(container, "ports")
            .forEach((port) -> ports.put(string(port, "name"), (Integer) port.get("containerPort")));
        return ports;
    }

    /** The containers of a workload's pod template. */
    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return maps(workload, "spec", "template", "spec", "containers");
    }

}
