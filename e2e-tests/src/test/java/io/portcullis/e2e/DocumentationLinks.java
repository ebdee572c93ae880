package io.portcullis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the relative links of Markdown files that lead nowhere: to a file or folder that does not exist, or to a
 * {@code #anchor} that no heading of the target file produces (GitHub's heading slugs). Links to other schemes
 * ({@code https:}, {@code mailto:}) and anything inside code (fenced blocks, inline code spans) are not links.
 */
final class DocumentationLinks {

    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", ".git", "node_modules", ".mvn", ".idea");

    /** An inline link or image; its text may run over lines, not over a blank line (the paragraph's end). */
    private static final Pattern INLINE_LINK = Pattern
        .compile("!?\\[(?:[^\\]\\[\\n]|\\n(?![ \\t]*\\n)|\\[[^\\]\\n]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");

    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Path root;

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    DocumentationLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Every Markdown file under the root, build output and version control left out. */
    List<Path> markdownFiles() {
        try (Stream<Path> files = Files.walk(this.root)) {
            return files.filter((file) -> file.getFileName().toString().endsWith(".md"))
                .filter((file) -> this.root.relativize(file).toString().isEmpty()
                        || !skipped(this.root.relativize(file)))
                .filter(Files::isRegularFile)
                .sorted()
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** One line per broken link of every Markdown file: {@code path:line: target (reason)}. */
    List<String> brokenLinks() {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            broken.addAll(brokenLinks(file));
        }
        return broken;
    }

    List<String> brokenLinks(Path file) {
        List<String> broken = new ArrayList<>();
        List<String> lines = prose(read(file), false);
        String text = String.join("\n", lines);
        Matcher inline = INLINE_LINK.matcher(text);
        int line = 1;
        int counted = 0;
        while (inline.find()) {
            // the line the link starts on
            for (; counted < inline.start(); counted++) {
                if (text.charAt(counted) == '\n') {
                    line++;
                }
            }
            report(broken, file, line, inline.group(1));
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher reference = REFERENCE_DEFINITION.matcher(lines.get(i));
            if (reference.matches()) {
                report(broken, file, i + 1, reference.group(1));
            }
        }
        return broken;
    }

    private void report(List<String> broken, Path file, int line, String target) {
        String problem = problem(file, target);
        if (problem != null) {
            broken.add(this.root.relativize(file) + ":" + line + ": " + target + " (" + problem + ")");
        }
    }

    private String problem(Path file, String target) {
        if (SCHEME.matcher(target).find() || target.startsWith("//")) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = (hash < 0) ? target : target.substring(0, hash);
        String anchor = (hash < 0) ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        Path resolved = path.isEmpty() ? file
                : (path.startsWith("/") ? this.root.resolve(path.substring(1)) : file.getParent().resolve(
                        URLDecoder.decode(path, StandardCharsets.UTF_8))).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor == null || anchor.isEmpty() || !resolved.getFileName().toString().endsWith(".md")) {
            return null;
        }
        return anchorsOf(resolved).contains(anchor.toLowerCase(Locale.ROOT)) ? null : "no heading makes this anchor";
    }

    /** The anchors GitHub gives the headings of {@code file}: slugs, a suffix -1, -2... for repeated ones. */
    Set<String> anchorsOf(Path file) {
        return this.anchors.computeIfAbsent(file.toAbsolutePath().normalize(), (key) -> {
            Set<String> slugs = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            for (String line : prose(read(key), true)) {
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    String slug = slug(heading.group(2));
                    int count = seen.merge(slug, 1, Integer::sum);
                    slugs.add((count == 1) ? slug : slug + "-" + (count - 1));
                }
            }
            return slugs;
        });
    }

    /** GitHub's slug of a heading: its text in lower case, punctuation dropped, spaces turned into hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
    }

    /**
     * The lines outside fenced code blocks (those become empty lines); inline code spans disappear, or only their
     * backticks with {@code keepInlineCode} (a heading's slug keeps the code's text).
     */
    static List<String> prose(String markdown, boolean keepInlineCode) {
        List<String> lines = new ArrayList<>();
        String fence = null;
        for (String line : markdown.split("\n", -1)) {
            String trimmed = line.strip();
            if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
                fence = trimmed.substring(0, 3);
                lines.add("");
            }
            else if (fence != null) {
                if (trimmed.startsWith(fence)) {
                    fence = null;
                }
                lines.add("");
            }
            else {
                lines.add(keepInlineCode ? line.replace("`", "") : line.replaceAll("(`+)(?:(?!\\1).)+?\\1", ""));
            }
        }
        return lines;
    }

    private boolean skipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
