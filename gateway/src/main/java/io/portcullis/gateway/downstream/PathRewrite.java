package io.portcullis.gateway.downstream;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A route's {@code RewritePath}: the raw path with every match of the regular expression replaced, as Spring Cloud
 * Gateway's filter does it ({@link Matcher#replaceAll}). The common form, a literal prefix and a named group for
 * the rest ({@code /api/users(?<rest>/?.*)} to {@code /users${rest}}), is answered by swapping the prefix, which
 * gives the same path without running the expression on every request; any path the swap would not answer exactly
 * as the expression does (one that does not start with the prefix, or holds a line terminator, which {@code .} does
 * not match) goes to the expression.
 */
final class PathRewrite {

    /** A literal prefix (no character the expression language gives a meaning) and {@code (?<name>/?.*)}. */
    private static final Pattern PREFIX_FORM = Pattern
        .compile("([A-Za-z0-9/_~-]*)\\(\\?<([A-Za-z][A-Za-z0-9]*)>/\\?\\.\\*\\)");

    private final Pattern pattern;

    private final String replacement;

    private final @Nullable String prefix;

    private final @Nullable String swap;

    private PathRewrite(Pattern pattern, String replacement, @Nullable String prefix, @Nullable String swap) {
        this.pattern = pattern;
        this.replacement = replacement;
        this.prefix = prefix;
        this.swap = swap;
    }

    /** The rewrite of {@code regex} to {@code replacement} (in {@link Matcher#replaceAll}'s syntax). */
    static PathRewrite of(String regex, String replacement) {
        Pattern pattern = Pattern.compile(regex);
        Matcher form = PREFIX_FORM.matcher(regex);
        if (form.matches() && !form.group(1).isEmpty()) {
            String group = "${" + form.group(2) + "}";
            String swap = replacement.endsWith(group) ? replacement.substring(0, replacement.length() - group.length())
                    : null;
            if (swap != null && swap.indexOf('$') < 0 && swap.indexOf('\\') < 0) {
                return new PathRewrite(pattern, replacement, form.group(1), swap);
            }
        }
        return new PathRewrite(pattern, replacement, null, null);
    }

    /** The path sent to the service for {@code rawPath}. */
    String apply(String rawPath) {
        if (this.prefix != null && this.swap != null && rawPath.startsWith(this.prefix)
                && !hasLineTerminator(rawPath, this.prefix.length())) {
            return this.swap.concat(rawPath.substring(this.prefix.length()));
        }
        return this.pattern.matcher(rawPath).replaceAll(this.replacement);
    }

    /** Whether the prefix swap answers for this route (else every path runs the expression). */
    boolean swapsPrefix() {
        return this.prefix != null;
    }

    /** The characters {@code .} does not match without {@code DOTALL}. */
    private static boolean hasLineTerminator(String path, int from) {
        for (int i = from; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

}
