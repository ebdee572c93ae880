package io.portcullis.gateway.downstream;

import java.net.ConnectException;

import io.netty.channel.ConnectTimeoutException;

/** What one readiness probe of an instance found. */
enum ProbeVerdict {

    /** The instance answered 200: ready. */
    READY,

    /**
     * The instance said it is not ready (any other status, e.g. 503 while it starts or drains on SIGTERM), or
     * nothing listens on its management port any more (connection refused): it is taken out at once.
     */
    REFUSED,

    /**
     * No answer in time, or the connection failed otherwise: possibly a GC pause or a busy machine, so it takes
     * several in a row to take the instance out.
     */
    UNANSWERED;

    static ProbeVerdict of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // nothing listens (refused); a connection attempt that timed out is no answer (Netty's timeout is a
            // ConnectException too)
            if (cause instanceof ConnectTimeoutException) {
                return UNANSWERED;
            }
            if (cause instanceof ConnectException) {
                return REFUSED;
            }
        }
        return UNANSWERED;
    }

}
