package io.portcullis.e2e;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.portcullis.e2e.Kustomizations.OverlayTest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.portcullis.e2e.Kustomizations.IN_CLUSTER;
import static io.portcullis.e2e.Kustomizations.rendered;
import static io.portcullis.e2e.RenderedManifests.containers;
import static io.portcullis.e2e.RenderedManifests.labels;
import static io.portcullis.e2e.RenderedManifests.list;
import static io.portcullis.e2e.RenderedManifests.map;
import static io.portcullis.e2e.RenderedManifests.maps;
import static io.portcullis.e2e.RenderedManifests.name;
import static io.portcullis.e2e.RenderedManifests.string;

/**
 * Renders {@code infra/k8s/base} and every overlay under {@code infra/k8s/overlays} with {@code kubectl kustomize}
 * and checks the configuration: the platform ConfigMap names services, ports and certificates that exist, and no
 * secret value is committed, only placeholders and references to Secrets and files.
 */
class ConfigurationManifestsTests {

    private static final Pattern SECRET_LIKE = Pattern
        .compile("(?i).*(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|ENCRYPTION_KEY|HASH_KEY|CREDENTIAL).*");

    private static final Pattern PLACEHOLDER = Pattern.compile("|REPLACE_ME|CHANGE_ME|changeme|<[^<>]+>");

    // per test rather than per class, so that the reports list every check as skipped, with the reason
    @BeforeEach
    void kubectlOnPath() {
        Kustomizations.assumeKubectl();
    }

    @OverlayTest
    void platformConfigurationWhenRenderedThenUrlsNameServicesPortsAndCertificatesThatExist(String overlay) {
        RenderedManifests manifests = rendered(overlay);
        Map<String, String> config = manifests.platformConfig();
        SoftAssertions softly = new SoftAssertions();
        List<String> urls = new ArrayList<>(List.of(config.get("PORTCULLIS_JWKS_URI"),
                config.get("PORTCULLIS_AUTH_INTERNAL_URL")));
        urls.addAll(List.of(config.get("PORTCULLIS_USERS_INSTANCES").split(",")));
        urls.addAll(List.of(config.get("PORTCULLIS_ORDERS_INSTANCES").split(",")));
        urls.add(config.get("PORTCULLIS_USER_SERVICE_URL"));
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
    @MethodSource("io.portcullis.e2e.Kustomizations#baseAndOverlays")
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

}
