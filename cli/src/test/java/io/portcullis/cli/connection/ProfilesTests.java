package io.portcullis.cli.connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilesTests {

    @TempDir
    Path temporary;

    @Test
    void writeWhenNewThenFileAndFolderOwnerOnlyAndOtherProfilesKept() throws Exception {
        Path folder = this.temporary.resolve("config").resolve("portcullis");
        Profiles profiles = new Profiles(folder);

        profiles.write("default", Map.of("issuer", "https://a", "clientSecret", "s1"));
        profiles.write("prod", Map.of("issuer", "https://b", "clientSecret", "s2"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profiles.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(profiles.read("default")).containsEntry("issuer", "https://a").containsEntry("clientSecret", "s1");
        assertThat(profiles.read("prod")).containsEntry("issuer", "https://b");
        assertThat(profiles.read("missing")).isEmpty();
        assertThat(profiles.readableByOthers()).isFalse();
    }

    @Test
    void readableByOthersWhenGroupCanReadThenTrue() throws Exception {
        Profiles profiles = new Profiles(this.temporary);
        profiles.write("default", Map.of("issuer", "https://a"));
        Files.setPosixFilePermissions(profiles.file(), PosixFilePermissions.fromString("rw-r-----"));

        assertThat(profiles.readableByOthers()).isTrue();
    }

}
