package io.portcullis.cli.output;

/** How results are printed: aligned tables for people, JSON or YAML for scripts. */
public enum Format {

    TABLE, JSON, YAML

}
