package io.portcullis.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of the repository's Markdown files leads to a file that exists and, with a {@code #anchor},
 * to a heading that makes it: documentation that moves with the code cannot silently point at nothing. The
 * fixtures show that a broken link is found.
 */
class DocumentationLinksTests {

    private final Path root = Path.of(System.getProperty("portcullis.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path fixture;

    @Test
    void linksWhenEveryMarkdownFileOfTheRepositoryIsReadThenNoneIsBroken() {
        DocumentationLinks links = new DocumentationLinks(this.root);

        assertThat(links.markdownFiles()).as("the repository's Markdown files")
            .contains(this.root.resolve("README.md"), this.root.resolve("docs/design.md"));
        assertThat(links.brokenLinks()).isEmpty();
    }

    @Test
    void linksWhenTargetFileIsMissingThenReportedWithFileAndLine() throws IOException {
        write("README.md", "# Fixture\n\nSee [the guide](docs/guide.md) and [the site](https://example.com/x.md).\n");

        assertThat(new DocumentationLinks(this.fixture).brokenLinks())
            .containsExactly("README.md:3: docs/guide.md (no such file)");
    }

    @Test
    void linksWhenAnchorHasNoHeadingThenReported() throws IOException {
        write("docs/guide.md", "# Guide\n\n## Rotation of keys, secrets and certificates\n\n## Use `private_key_jwt`\n");
        write("README.md", """
                [ok](docs/guide.md#rotation-of-keys-secrets-and-certificates)
                [ok too](docs/guide.md#use-private_key_jwt)
                [broken](docs/guide.md#rotation)
                [self](#fixture) and [self, broken](#nothing)

                # Fixture
                """);

        assertThat(new DocumentationLinks(this.fixture).brokenLinks()).containsExactly(
                "README.md:3: docs/guide.md#rotation (no heading makes this anchor)",
                "README.md:4: #nothing (no heading makes this anchor)");
    }

    @Test
    void linksWhenTextRunsOverLinesThenCheckedAndReportedWhereTheyStart() throws IOException {
        write("docs/guide.md", "# Guide\n\n## Rotation of keys\n");
        write("README.md", """
                # Fixture

                See [the rotation of
                keys](docs/guide.md#rotation-of-keys) and [the
                rotation](docs/guide.md#rotation), or [a bracket

                that a blank line ends](docs/guide.md#nothing).
                """);

        assertThat(new DocumentationLinks(this.fixture).brokenLinks())
            .containsExactly("README.md:4: docs/guide.md#rotation (no heading makes this anchor)");
    }

    @Test
    void linksWhenInsideCodeOrUnderTargetThenIgnored() throws IOException {
        write("README.md", """
                `[not a link](missing.md)`

                ```sh
                echo "[not a link](missing.md)"
                ```
                """);
        write("target/copied.md", "[stale](missing.md)\n");

        DocumentationLinks links = new DocumentationLinks(this.fixture);

        assertThat(links.markdownFiles()).containsExactly(this.fixture.resolve("README.md"));
        assertThat(links.brokenLinks()).isEmpty();
    }

    @Test
    void slugWhenHeadingHasPunctuationCodeAndLinksThenGitHubAnchor() {
        assertThat(DocumentationLinks.slug("Admin jobs, as commands")).isEqualTo("admin-jobs-as-commands");
        assertThat(DocumentationLinks.slug("Resource (audience)")).isEqualTo("resource-audience");
        assertThat(DocumentationLinks.slug("1. Token format: RFC 9068 JWT")).isEqualTo("1-token-format-rfc-9068-jwt");
        assertThat(DocumentationLinks.slug("See [the guide](guide.md)")).isEqualTo("see-the-guide");
    }

    private void write(String name, String content) throws IOException {
        Path file = this.fixture.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

}
