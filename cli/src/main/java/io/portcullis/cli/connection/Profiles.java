package io.portcullis.cli.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.portcullis.cli.CliException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Named connection profiles in {@code config.yaml} of the user's config folder. The file holds a client secret, so
 * it is created readable by its owner only (the folder too), and written by replacing it atomically.
 */
public final class Profiles {

    static final String FILE_NAME = "config.yaml";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public Profiles(Path directory) {
        this.file = directory.resolve(FILE_NAME);
    }

    public Path file() {
        return this.file;
    }

    /** The profile's settings ({@code issuer}, {@code clientId}, {@code clientSecret}, {@code caFile}); empty if none. */
    public Map<String, String> read(String name) {
        Object profile = profiles().get(name);
        Map<String, String> settings = new LinkedHashMap<>();
        if (profile instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (value != null) {
                    settings.put(String.valueOf(key), String.valueOf(value));
                }
            });
        }
        return settings;
    }

    /** Whether the file can be read by others than its owner (it holds a secret). */
    public boolean readableByOthers() {
        try {
            return Files.exists(this.file) && Files.getPosixFilePermissions(this.file)
                .stream()
                .anyMatch((permission) -> permission.name().startsWith("GROUP") || permission.name().startsWith("OTHERS"));
        }
        catch (UnsupportedOperationException | IOException ex) {
            return false;
        }
    }

    /** Stores (replaces) one profile, keeping the others. */
    public void write(String name, Map<String, String> settings) {
        Map<String, Object> all = new LinkedHashMap<>();
        profiles().forEach((key, value) -> all.put(String.valueOf(key), value));
        all.put(name, new LinkedHashMap<>(settings));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String text = "# portcullis CLI profiles: holds client secrets, keep it readable by you only\n"
                + new Yaml(options).dump(Map.of("profiles", all));
        try {
            Path directory = this.file.toAbsolutePath().getParent();
            createOwnerOnlyDirectory(directory);
            Path temporary = Files.createTempFile(directory, ".config", ".tmp", ownerOnly(OWNER_ONLY));
            Files.writeString(temporary, text);
            try {
                Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException ex) {
                Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write " + this.file, ex);
        }
    }

    private Map<?, ?> profiles() {
        if (!Files.exists(this.file)) {
            return Map.of();
        }
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(this.file));
            if (root instanceof Map<?, ?> map && map.get("profiles") instanceof Map<?, ?> profiles) {
                return profiles;
            }
            return Map.of();
        }
        catch (IOException | YAMLException ex) {
            throw CliException.usage(this.file + " cannot be read: " + ex.getMessage());
        }
    }

    private static void createOwnerOnlyDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory, ownerOnly(PosixFilePermissions.fromString("rwx------")));
        }
        catch (FileAlreadyExistsException ex) {
            // created concurrently
        }
    }

    private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) }
                : new FileAttribute<?>[0];
    }

}
