package io.portcullis.gateway.system;

import io.netty.util.internal.PlatformDependent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Says once at start how Netty reaches its buffers' memory. From JDK 25 on Netty leaves {@code sun.misc.Unsafe}
 * alone unless the JVM is started with {@code --sun-misc-unsafe-memory-access=allow} (the image and the local run
 * start every service so), and then takes its slower paths for every request: a direct buffer written byte by byte
 * through {@code ByteBuffer}, header names hashed without it. A warning names the option when it is missing.
 */
@Component
class NettyMemoryAccess {

    static final String OPTION = "--sun-misc-unsafe-memory-access=allow";

    private static final Logger logger = LoggerFactory.getLogger(NettyMemoryAccess.class);

    NettyMemoryAccess() {
        boolean unsafe = PlatformDependent.hasUnsafe();
        String message = describe(unsafe, PlatformDependent.getUnsafeUnavailabilityCause());
        if (unsafe) {
            logger.info(message);
        }
        else {
            logger.warn(message);
        }
    }

    static String describe(boolean unsafe, @Nullable Throwable cause) {
        if (unsafe) {
            return "Netty reaches its buffers' memory through sun.misc.Unsafe";
        }
        return "Netty runs without sun.misc.Unsafe (" + ((cause != null) ? cause.getMessage() : "no cause given")
                + "): every request takes its slower buffer paths; start the JVM with " + OPTION
                + " (docs/operations.md, \"JVM settings\")";
    }

}
