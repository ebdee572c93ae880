package io.portcullis.cli;

/** {@code java -jar portcullis-cli.jar ...}: see {@link PortcullisCommand}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(PortcullisCommand.execute(CliContext.system(), args));
    }

}
