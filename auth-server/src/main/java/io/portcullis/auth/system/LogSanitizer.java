package io.portcullis.auth.system;

/**
 * Makes a client-controlled value safe for one log line: control characters (CR, LF, NUL...) and Unicode line
 * separators are escaped, so that no request can start a forged line in the plain-text log format, and the value
 * is cut to a bounded length.
 */
public final class LogSanitizer {

    private static final int MAX_LENGTH = 256;

    private LogSanitizer() {
    }

    /** {@code value} with every control character escaped ({@code \n}, {@code \r}, {@code \t}, {@code \\uXXXX}). */
    public static String sanitize(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX_LENGTH) + 16);
        for (int i = 0; i < value.length() && i < MAX_LENGTH; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> safe.append("\\n");
                case '\r' -> safe.append("\\r");
                case '\t' -> safe.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        safe.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        safe.append(c);
                    }
                }
            }
        }
        if (value.length() > MAX_LENGTH) {
            safe.append("...");
        }
        return safe.toString();
    }

    /** Whether {@code value} holds a character that {@link #sanitize} would escape. */
    public static boolean hasControlCharacters(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

}
