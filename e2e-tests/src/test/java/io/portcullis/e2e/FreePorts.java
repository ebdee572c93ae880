package io.portcullis.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a platform the tests start, chosen below the kernel's ephemeral range (32768 and up on Linux). A port
 * the kernel hands out for {@code new ServerSocket(0)} comes from that range, so any outgoing connection made while
 * the platform starts (a service to its database, a readiness probe) could take it before the service binds it:
 * CI saw the gateway, started last, fail with "Port ... was already in use". Never the same port twice in one JVM.
 */
final class FreePorts {

    private static final int FIRST = 20_000;

    private static final int END = 32_000;

    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    static int next() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, END);
            if (!GIVEN.contains(port) && bindable(port) && GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port between " + FIRST + " and " + END);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

}
