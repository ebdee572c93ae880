package io.portcullis.cli.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import io.portcullis.cli.CliException;

/**
 * Client secrets written as {@code clientId: secret} lines (YAML) to a file readable by its owner only. Each secret
 * is appended as soon as the server shows it, so a later failure never loses one.
 */
public final class SecretFile {

    private final Path file;

    public SecretFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return this.file;
    }

    /** Refuses a file that others can read before anything is created. */
    public void check() {
        try {
            if (Files.exists(this.file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    && !Files.getPosixFilePermissions(this.file).equals(PosixFilePermissions.fromString("rw-------"))) {
                throw CliException.usage(this.file + " exists and is not owner-only (0600): choose another file "
                        + "or chmod 600 it");
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public void append(String clientId, String secret) {
        try {
            if (!Files.exists(this.file)) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(this.file,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                else {
                    Files.createFile(this.file);
                }
            }
            Files.writeString(this.file, clientId + ": " + secret + "\n", StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write the secret of " + clientId + " to " + this.file, ex);
        }
    }

}
