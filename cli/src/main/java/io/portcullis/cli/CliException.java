package io.portcullis.cli;

import java.util.List;

/**
 * Why a command did not do what it was asked, with the exit code that tells a script which kind of failure it was.
 */
public class CliException extends RuntimeException {

    /** Wrong use: an unknown option, a missing setting, an invalid file. */
    public static final int USAGE = 2;

    /** The server refused (4xx): the problem's detail is printed. */
    public static final int REFUSED = 3;

    /** The server failed (5xx) or could not be reached. */
    public static final int FAILURE = 4;

    private final int exitCode;

    private final List<String> details;

    public CliException(int exitCode, String message, List<String> details) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.details = List.copyOf(details);
    }

    public static CliException usage(String message) {
        return new CliException(USAGE, message, List.of());
    }

    public static CliException usage(String message, List<String> details) {
        return new CliException(USAGE, message, details);
    }

    public int exitCode() {
        return this.exitCode;
    }

    /** Further lines, e.g. one per invalid field. */
    public List<String> details() {
        return this.details;
    }

}
