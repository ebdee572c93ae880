package io.portcullis.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md is kept by hand, and the build keeps it complete: every {@code portcullis.*} setting that a
 * module binds (the configuration metadata its build generates, {@code META-INF/spring-configuration-metadata.json})
 * is named there with its full name.
 */
class ConfigurationReferenceTests {

    private final Path root = Path.of(System.getProperty("portcullis.root", "..")).toAbsolutePath().normalize();

    @Test
    void configurationWhenEveryModulesMetadataIsReadThenEverySettingIsInTheReference() throws IOException {
        TreeSet<String> settings = settings();
        String reference = Files.readString(this.root.resolve("docs/configuration.md"));

        assertThat(settings).as("settings found in the modules' metadata")
            .contains("portcullis.token.issuer", "portcullis.shutdown.drain", "portcullis.resource-server.scopes");
        assertThat(settings.stream().filter((name) -> !reference.contains("`" + name + "`")).toList())
            .as("settings that docs/configuration.md does not name (as `portcullis.…`)")
            .isEmpty();
    }

    private TreeSet<String> settings() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        TreeSet<String> names = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> modules = Files.list(this.root)) {
            files = modules.map((module) -> module.resolve("target/classes/META-INF/spring-configuration-metadata.json"))
                .filter(Files::isRegularFile)
                .toList();
        }
        assertThat(files).as("generated metadata (the modules are built before e2e-tests)").hasSizeGreaterThan(4);
        for (Path file : files) {
            for (JsonNode property : json.readTree(file.toFile()).path("properties")) {
                String name = property.path("name").asString();
                if (name.startsWith("portcullis.")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

}
