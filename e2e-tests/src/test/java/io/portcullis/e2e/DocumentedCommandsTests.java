package io.portcullis.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DocumentedCommandsTests {

    private static final String GUIDE = """
            # Guide

            ```sh
            source env
            echo one
            ```

            ## Jobs

            Text.

            ```sh
            echo two
            ```

            ```
            not shell
            ```

            ### A job

            ```sh
            echo three
            ```

            ## Other

            ```sh
            echo four
            ```
            """;

    @TempDir
    Path folder;

    @Test
    void blockStartingWithWhenFirstLineMatchesThenWholeBlock() throws IOException {
        assertThat(DocumentedCommands.blockStartingWith(guide(), "source env")).isEqualTo("source env\necho one\n");
    }

    @Test
    void blocksOfSectionWhenSubsectionsFollowThenTheirShellBlocksUpToTheNextSection() throws IOException {
        assertThat(DocumentedCommands.blocksOfSection(guide(), "## Jobs")).isEqualTo("echo two\necho three\n");
    }

    @Test
    void blocksWhenHeadingOrBlockIsMissingThenIllegalState() throws IOException {
        Path guide = guide();

        assertThatIllegalStateException().isThrownBy(() -> DocumentedCommands.blocksOfSection(guide, "## Missing"));
        assertThatIllegalStateException().isThrownBy(() -> DocumentedCommands.blockStartingWith(guide, "echo none"));
    }

    @Test
    void documentedCommandsWhenRepositoryIsReadThenQuickstartAndAdminJobsAreFound() {
        Path root = Path.of(System.getProperty("portcullis.root", "..")).toAbsolutePath().normalize();

        assertThat(DocumentedCommands.blockStartingWith(root.resolve("README.md"), "source target/local/platform.env"))
            .contains("/oauth2/token", "$GATEWAY_URL/api/users");
        assertThat(DocumentedCommands.blocksOfSection(root.resolve("docs/admin-api.md"), "## Admin jobs, as commands"))
            .contains("grant-scope", "revoke-scope", "rotate-secret", "/oauth2/introspect", "/oauth2/revoke",
                    "audit", "keys rotate", "keys withdraw");
    }

    private Path guide() throws IOException {
        Path guide = this.folder.resolve("guide.md");
        Files.writeString(guide, GUIDE);
        return guide;
    }

}
