package io.portcullis.cli.output;

import java.io.PrintWriter;
import java.util.function.Supplier;

import io.portcullis.cli.output.Json;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Prints a result in the chosen format: the API's own JSON document, the same as YAML, or a table. */
public final class Printer {

    private final PrintWriter out;

    private final Format format;

    public Printer(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    public Format format() {
        return this.format;
    }

    /** {@code data} for JSON and YAML; the table (or text) is only built for people. */
    public void print(Object data, Supplier<String> forPeople) {
        switch (this.format) {
            case JSON -> this.out.println(Json.write(data));
            case YAML -> this.out.print(yaml(data));
            default -> this.out.print(withNewline(forPeople.get()));
        }
        this.out.flush();
    }

    /** Block-style YAML, lists indented under their key. */
    public static String yaml(Object data) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        return new Yaml(options).dump(data);
    }

    private static String withNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }

}
