package io.portcullis.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.portcullis.e2e.RenderedManifests.at;
import static io.portcullis.e2e.RenderedManifests.list;
import static io.portcullis.e2e.RenderedManifests.map;
import static io.portcullis.e2e.RenderedManifests.maps;
import static io.portcullis.e2e.RenderedManifests.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code infra/observability} honest: the Prometheus configuration, the alerting rules and the Grafana
 * dashboard parse, the rules have what Alertmanager routing and humans need, the scrape jobs find the pods the
 * manifests declare, and every metric queried is one the services really export.
 */
class ObservabilityConfigTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Path OBSERVABILITY = ROOT.resolve("infra/observability");

    /**
     * Every metric name the rules and the dashboard may query, in Prometheus exposition form. A name belongs here
     * only with its source in the code or the platform; a scrape of the gateway and the user-service (2026-11,
     * with the platform ConfigMap's histogram settings) showed each of the generic ones.
     */
    private static final Set<String> EXPORTED = Set.of(
            // auth-server TokenResponses: Counter "portcullis.tokens.issued" {client_id} and
            // "portcullis.tokens.refused" {client_id, reason}; asserted by ObservabilityIntegrationTests
            "portcullis_tokens_issued_total", "portcullis_tokens_refused_total",
            // gateway EdgeAccessFilter: Timer "portcullis.gateway.requests" {route, client_id, status, outcome};
            // asserted by EdgeObservabilityIntegrationTests. _bucket only with
            // management.metrics.distribution.slo.portcullis (gateway application.yml; checked below)
            "portcullis_gateway_requests_seconds_count", "portcullis_gateway_requests_seconds_sum",
            "portcullis_gateway_requests_seconds_max", "portcullis_gateway_requests_seconds_bucket",
            // gateway RedisFailurePolicyRateLimiter: Counter "portcullis.gateway.ratelimit.redis.failures"
            "portcullis_gateway_ratelimit_redis_failures_total",
            // revocation-feed SecurityFeedAutoConfiguration (gateway, user-service): Gauge "portcullis.feed.lag" in
            // seconds; asserted by the user-service's SecurityFeedReadinessIntegrationTests
            "portcullis_feed_lag_seconds",
            // gateway downstream.InstanceHealth: Gauges "portcullis.gateway.instance.ready" and ".ejected", Counter
            // ".ejections" {service, instance, reason}; InstanceFailoverGatewayFilterFactory: Counter
            // "portcullis.gateway.retries" {route, outcome}; asserted by InstanceHealthTests and
            // ResilienceIntegrationTests
            "portcullis_gateway_instance_ready", "portcullis_gateway_instance_ejected",
            "portcullis_gateway_instance_ejections_total", "portcullis_gateway_retries_total",
            // Spring's server request observations (all three; auth-server names its OAuth endpoints in
            // OAuthEndpointObservationConvention); asserted by the auth-server's ObservabilityIntegrationTests and the
            // user-service's TransportAndTokenIntegrationTests. _bucket only with
            // management.metrics.distribution.slo.http (each service's application.yml; checked below)
            "http_server_requests_seconds_count", "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max", "http_server_requests_seconds_bucket",
            // Spring Boot's JVM and process meter binders (spring-boot-micrometer-metrics)
            "process_cpu_usage", "system_cpu_usage", "jvm_memory_used_bytes", "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_count", "jvm_threads_live_threads",
            "process_uptime_seconds",
            // Spring Boot's SslMeterBinder: the expiry of the server SSL bundle's certificate
            "ssl_chain_expiry_seconds",
            // written by Prometheus itself for every target
            "up");

    /** PromQL words that look like metric names but are not */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "offset", "bool", "and", "or", "unless", "inf", "nan");

    private static final Pattern DURATION = Pattern.compile("\\d+[smhdwy]");

    private final Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));

    @Test
    void alertRulesWhenParsedThenEveryRuleHasExprForSeveritySummaryAndExportedMetrics() throws IOException {
        Object rules = this.yaml.load(Files.readString(OBSERVABILITY.resolve("alerts.yml")));
        List<Map<String, Object>> groups = maps(rules, "groups");
        assertThat(groups).isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> group : groups) {
            softly.assertThat(string(group, "name")).isNotBlank();
            for (Map<String, Object> rule : maps(group, "rules")) {
                String alert = string(rule, "alert");
                softly.assertThat(alert).as("an alerting rule (no recording rules here)").isNotBlank();
                softly.assertThat(names.add(alert)).as("%s is unique", alert).isTrue();
                softly.assertThat(string(rule, "expr")).as("%s expr", alert).isNotBlank();
                softly.assertThat(string(rule, "for")).as("%s for", alert).matches(DURATION);
                softly.assertThat(string(rule, "labels", "severity")).as("%s severity", alert)
                    .isIn("critical", "warning", "info");
                softly.assertThat(string(rule, "annotations", "summary")).as("%s summary", alert).isNotBlank();
                softly.assertThat(metrics(string(rule, "expr"))).as("%s queries exported metrics", alert)
                    .isNotEmpty()
                    .isSubsetOf(EXPORTED);
                softly.assertThat(balanced(string(rule, "expr"))).as("%s brackets balance", alert).isTrue();
            }
        }
        softly.assertThat(names).as("the alerts the platform promises")
            .contains("PortcullisTokenRefusalsSpike", "PortcullisEdgeServerErrors", "PortcullisRateLimitRejections",
                    "PortcullisEdgeLatencyHigh", "PortcullisUserServiceLatencyHigh",
                    "PortcullisSecurityFeedNotFollowed", "PortcullisSecurityFeedLagging");
        softly.assertAll();
    }

    @Test
    void dashboardWhenParsedThenEveryPanelQueriesExportedMetricsThroughTheDatasourceVariable() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build()
            .readTree(Files.readString(OBSERVABILITY.resolve("grafana/portcullis-dashboard.json")));
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        assertThat(dashboard.path("title").asString()).isNotBlank();
        SoftAssertions softly = new SoftAssertions();
        List<String> titles = new ArrayList<>();
        Set<Integer> ids = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            softly.assertThat(ids.add(panel.path("id").asInt())).as("panel id %s unique", panel.path("id")).isTrue();
            if ("row".equals(panel.path("type").asString())) {
                continue;
            }
            String title = panel.path("title").asString();
            titles.add(title);
            softly.assertThat(panel.path("datasource").path("uid").asString()).as("%s datasource", title)
                .isEqualTo("${datasource}");
            softly.assertThat(panel.path("targets").isEmpty()).as("%s has queries", title).isFalse();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                softly.assertThat(metrics(expr)).as("%s: %s", title, expr).isNotEmpty().isSubsetOf(EXPORTED);
                softly.assertThat(balanced(expr)).as("%s brackets balance", title).isTrue();
            }
        }
        softly.assertThat(String.join("\n", titles)).as("the panels the platform promises")
            .contains("Tokens issued / s by client", "Tokens refused / s by reason",
                    "Edge rejections / s by reason and status", "Rate-limited requests / s", "Edge latency per route",
                    "user-service latency per endpoint", "CPU per pod", "Heap used per pod",
                    "Security feed lag per pod");
        softly.assertAll();
    }

    @Test
    void bucketSeriesWhenQueriedThenEveryServicePublishesThem() throws IOException {
        String queries = Files.readString(OBSERVABILITY.resolve("alerts.yml"))
                + Files.readString(OBSERVABILITY.resolve("grafana/portcullis-dashboard.json"));
        for (String service : List.of("auth-server", "gateway", "user-service", "order-service")) {
            Map<?, ?> slo = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) this.yaml
                .load(Files.readString(ROOT.resolve(service + "/src/main/resources/application.yml"))))
                .get("management")).get("metrics")).get("distribution")).get("slo");
            // a Micrometer distribution key is a meter-name prefix: "http" covers http.server.requests
            if (queries.contains("http_server_requests_seconds_bucket")) {
                assertThat(slo.containsKey("http")).as(service + " slo.http").isTrue();
            }
            if (service.equals("gateway") && queries.contains("portcullis_gateway_requests_seconds_bucket")) {
                assertThat(slo.containsKey("portcullis")).as(service + " slo.portcullis").isTrue();
            }
        }
    }

    @Test
    void scrapeConfigWhenParsedThenEveryJobScrapesManagementPortsOverMutualTlsAndFindsThePods() throws IOException {
        Object prometheus = this.yaml.load(Files.readString(OBSERVABILITY.resolve("prometheus.yml")));
        assertThat(list(prometheus, "rule_files")).contains("alerts.yml");
        List<Map<String, Object>> jobs = maps(prometheus, "scrape_configs");
        SoftAssertions softly = new SoftAssertions();
        Set<String> discovered = new TreeSet<>();
        List<Object> localTargets = new ArrayList<>();
        for (Map<String, Object> job : jobs) {
            String name = string(job, "job_name");
            softly.assertThat(string(job, "metrics_path")).as(name).isEqualTo("/actuator/prometheus");
            softly.assertThat(string(job, "scheme")).as(name).isEqualTo("https");
            softly.assertThat(map(job, "tls_config")).as("%s: platform CA and a client certificate", name)
                .containsKeys("ca_file", "cert_file", "key_file");
            for (Map<String, Object> relabel : maps(job, "relabel_configs")) {
                if ("keep".equals(relabel.get("action"))) {
                    softly.assertThat(list(relabel, "source_labels")).containsExactly(
                            "__meta_kubernetes_pod_label_app_kubernetes_io_part_of",
                            "__meta_kubernetes_pod_label_app_kubernetes_io_name",
                            "__meta_kubernetes_pod_container_port_name");
                    Matcher keep = Pattern.compile("portcullis;([a-z-]+);management")
                        .matcher(string(relabel, "regex"));
                    softly.assertThat(keep.matches()).as("%s keeps one service's management port", name).isTrue();
                    if (keep.matches()) {
                        discovered.add(keep.group(1));
                        softly.assertThat(string(job, "tls_config", "server_name")).as(name)
                            .isEqualTo(keep.group(1) + ".portcullis.svc.cluster.local");
                    }
                }
            }
            maps(job, "static_configs").forEach((group) -> localTargets.addAll(list(group, "targets")));
        }
        softly.assertThat(discovered).as("Kubernetes jobs").containsExactly("auth-server", "gateway", "order-service",
                "user-service");
        for (String service : discovered) {
            // the manifests declare the labels and the port name the jobs keep (part-of is added by kustomize)
            Object deployment = null;
            for (Object object : this.yaml.loadAll(Files.readString(ROOT.resolve("infra/k8s/base/" + service
                    + ".yaml")))) {
                deployment = "Deployment".equals(at(object, "kind")) ? object : deployment;
            }
            softly.assertThat(string(deployment, "spec", "template", "metadata", "labels", "app.kubernetes.io/name"))
                .isEqualTo(service);
            softly.assertThat(maps(maps(deployment, "spec", "template", "spec", "containers").get(0), "ports"))
                .anyMatch((port) -> "management".equals(port.get("name")));
            int managementPort = managementPort(service);
            softly.assertThat(localTargets).as("the local run's %s management port", service)
                .contains("localhost:" + managementPort);
        }
        softly.assertThat(Files.readString(ROOT.resolve("infra/k8s/base/kustomization.yaml")))
            .as("pods carry app.kubernetes.io/part-of").contains("includeTemplates: true");
        softly.assertAll();
    }

    @Test
    void scrapeCertificateWhenDeclaredThenClientOnlyFromThePlatformCaInTheSecretTheJobsRead() throws IOException {
        // the management ports show metrics only to a certificate of the platform CA: Prometheus gets its own
        Object certificate = this.yaml.load(Files.readString(OBSERVABILITY
            .resolve("kubernetes/prometheus-client-certificate.yaml")));
        Object services = null;
        for (Object object : this.yaml.loadAll(Files.readString(ROOT.resolve("infra/k8s/base/certificates.yaml")))) {
            services = "auth-server-tls".equals(at(object, "metadata", "name")) ? object : services;
        }
        assertThat(string(certificate, "kind")).isEqualTo("Certificate");
        assertThat(string(certificate, "metadata", "namespace")).isEqualTo("monitoring");
        assertThat(list(certificate, "spec", "usages")).contains("client auth").doesNotContain("server auth");
        assertThat(map(certificate, "spec", "issuerRef")).as("the services' issuer")
            .isEqualTo(map(services, "spec", "issuerRef"));
        String secret = string(certificate, "spec", "secretName");
        Object prometheus = this.yaml.load(Files.readString(OBSERVABILITY.resolve("prometheus.yml")));
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> job : maps(prometheus, "scrape_configs")) {
            String name = string(job, "job_name");
            String directory = name.equals("portcullis-local") ? "../pki/out/" : "/etc/prometheus/secrets/" + secret + "/";
            String certificateFile = name.equals("portcullis-local") ? "prometheus.crt" : "tls.crt";
            softly.assertThat(string(job, "tls_config", "cert_file")).as(name).isEqualTo(directory + certificateFile);
            softly.assertThat(string(job, "tls_config", "ca_file")).as(name).isEqualTo(directory + "ca.crt");
        }
        softly.assertAll();
    }

    @Test
    void localPkiWhenGeneratedThenPrometheusHoldsAClientOnlyCertificateOfTheLocalCa(@TempDir Path pki)
            throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("openssl", "version").start().waitFor() == 0, "needs openssl");
        ProcessBuilder generate = new ProcessBuilder(ROOT.resolve("infra/pki/generate.sh").toString())
            .redirectErrorStream(true);
        generate.environment().put("PORTCULLIS_PKI_DIR", pki.toString());
        Process process = generate.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();

        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate ca;
        X509Certificate prometheus;
        try (var caIn = Files.newInputStream(pki.resolve("ca.crt"));
                var in = Files.newInputStream(pki.resolve("prometheus.crt"))) {
            ca = (X509Certificate) x509.generateCertificate(caIn);
            prometheus = (X509Certificate) x509.generateCertificate(in);
        }
        prometheus.verify(ca.getPublicKey());
        assertThat(prometheus.getSubjectX500Principal().getName()).contains("CN=prometheus");
        // TLS client authentication only (RFC 5280 id-kp-clientAuth): it can never pose as a service
        assertThat(prometheus.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(pki.resolve("prometheus.key")).isNotEmptyFile();
    }

    /** The metric names a PromQL expression (or a Grafana query with $variables) selects. */
    static Set<String> metrics(String expr) {
        String stripped = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
            .replaceAll("\\$\\{?\\w+}?", "")
            .replaceAll("\\{[^{}]*}", "")
            .replaceAll("\\[[^\\[\\]]*]", "")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()").matcher(stripped);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (!KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    private static boolean balanced(String expr) {
        int depth = 0;
        for (char c : expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "").toCharArray()) {
            depth += (c == '(' || c == '{' || c == '[') ? 1 : (c == ')' || c == '}' || c == ']') ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    private static int managementPort(String service) throws IOException {
        Object application = new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(ROOT.resolve(service).resolve("src/main/resources/application.yml")));
        Matcher port = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}")
            .matcher(string(application, "management", "server", "port"));
        assertThat(port.matches()).isTrue();
        return Integer.parseInt(port.group(1));
    }

}
