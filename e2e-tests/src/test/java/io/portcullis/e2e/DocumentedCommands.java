package io.portcullis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Shell commands exactly as a Markdown file of the repository writes them, for a test to run: the reader copies
 * the same text, so a command that stops working fails the build.
 */
final class DocumentedCommands {

    private static final String FENCE = "```";

    private DocumentedCommands() {
    }

    /** The fenced block whose first line is {@code firstLine}, from that line to the closing fence. */
    static String blockStartingWith(Path markdown, String firstLine) {
        String text = read(markdown);
        int from = text.indexOf(FENCE + "sh\n" + firstLine + "\n");
        if (from < 0) {
            throw new IllegalStateException(markdown + " has no sh block starting with: " + firstLine);
        }
        from = text.indexOf('\n', from) + 1;
        return text.substring(from, text.indexOf(FENCE, from));
    }

    /**
     * Every {@code sh} block of the section under the heading {@code heading} (up to the next heading of the same
     * or a higher level), in the order written, joined into one script.
     */
    static String blocksOfSection(Path markdown, String heading) {
        List<String> lines = List.of(read(markdown).split("\n", -1));
        int start = lines.indexOf(heading);
        if (start < 0) {
            throw new IllegalStateException(markdown + " has no heading: " + heading);
        }
        int level = heading.indexOf(' ');
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (block == null && line.matches("#{1,6} .*") && line.indexOf(' ') <= level) {
                break;
            }
            if (block == null && line.equals(FENCE + "sh")) {
                block = new StringBuilder();
            }
            else if (block != null && line.equals(FENCE)) {
                blocks.add(block.toString());
                block = null;
            }
            else if (block != null) {
                block.append(line).append('\n');
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalStateException(markdown + " has no sh block under: " + heading);
        }
        return String.join("", blocks);
    }

    private static String read(Path markdown) {
        try {
            return Files.readString(markdown);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
