package io.portcullis.gateway.downstream;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;

import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.cloud.gateway.support.NotFoundException;

/** How a call to one instance failed, which decides whether it may be tried again elsewhere. */
enum UpstreamFailure {

    /**
     * The request never reached the instance whole (connection refused, TLS handshake failed, closed before or
     * while sending the request): safe to send again whatever the method.
     */
    NOT_SENT,

    /** The instance may have received the request (reset or closed before answering): only idempotent again. */
    IN_FLIGHT,

    /** No answer in time: only idempotent again. */
    TIMEOUT;

    /** The failure behind an error of the routing filters, or {@code null} when it is not about an instance. */
    static UpstreamFailure of(Throwable error) {
        if (error instanceof NotFoundException) {
            // no instance was chosen at all
            return null;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof SSLHandshakeException
                    || cause instanceof AbortedException) {
                return NOT_SENT;
            }
            if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException
                    || cause instanceof org.springframework.cloud.gateway.support.TimeoutException) {
                return TIMEOUT;
            }
            if (cause instanceof PrematureCloseException && cause.getMessage() != null
                    && cause.getMessage().contains("while sending request body")) {
                // the instance died before it had the whole request, so it cannot have acted on it
                return NOT_SENT;
            }
            if (cause instanceof java.io.IOException) {
                return IN_FLIGHT;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

}
