package io.portcullis.cli.apply;

/** A place in the declarative file, 1-based, as editors number lines and columns. */
record Location(String file, int line, int column) {

    @Override
    public String toString() {
        return this.file + ":" + this.line + ":" + this.column;
    }

}
