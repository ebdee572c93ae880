package io.portcullis.archfixture.token;

public final class Tokens {

    private Tokens() {
    }

    public static int count(String name) {
        return name.length();
    }

}
