package io.portcullis.cli.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

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

    /**
     * Before the server makes a secret that could then not be stored: refuses a file that others can read, and
     * creates a missing one (owner-only) so that a directory that does not exist or cannot be written is found now,
     * not after the client was created (its secret is shown only once).
     */
    public void check() {
        try {
            if (!Files.exists(this.file)) {
                create();
            }
            else if (posix()
                    && !Files.getPosixFilePermissions(this.file).equals(PosixFilePermissions.fromString("rw-------"))) {
                throw CliException.usage(this.file + " exists and is not owner-only (0600): choose another file "
                        + "or chmod 600 it");
            }
            if (!Files.isWritable(this.file)) {
                throw CliException.usage(this.file + " cannot be written: choose another file");
            }
        }
        catch (IOException ex) {
            throw CliException.usage(this.file + " cannot be created: " + reason(ex));
        }
    }

    /**
     * Appends a secret; if it cannot be written (the disk filled up since {@link #check}), the failure says so and how
     * to get a new secret rather than printing this one to a terminal the file was chosen to keep it out of.
     */
    public void append(String clientId, String secret) {
        try {
            if (!Files.exists(this.file)) {
                create();
            }
            Files.writeString(this.file, clientId + ": " + secret + "\n", StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new CliException(CliException.FAILURE, "The secret of " + clientId + " could not be written to "
                    + this.file + ": " + reason(ex), List.of("the client exists; its secret was not stored and is "
                            + "not shown: give it a new one with portcullis clients rotate-secret " + clientId));
        }
    }

    private void create() throws IOException {
        if (posix()) {
            Files.createFile(this.file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        else {
            Files.createFile(this.file);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static String reason(IOException ex) {
        return (ex instanceof NoSuchFileException) ? "its directory does not exist"
                : (ex instanceof AccessDeniedException) ? "permission denied" : String.valueOf(ex.getMessage());
    }

}
