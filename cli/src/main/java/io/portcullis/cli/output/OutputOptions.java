package io.portcullis.cli.output;

import picocli.CommandLine.Option;

/** {@code -o table|json|yaml}. */
public final class OutputOptions {

    @Option(names = { "-o", "--output" }, paramLabel = "FORMAT", defaultValue = "table",
            converter = FormatConverter.class, description = "table (default), json or yaml.")
    Format format = Format.TABLE;

    public Format format() {
        return this.format;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {

        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            }
            catch (IllegalArgumentException ex) {
                throw new picocli.CommandLine.TypeConversionException("expected table, json or yaml but was '" + value
                        + "'");
            }
        }

    }

}
