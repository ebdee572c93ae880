package io.portcullis.gateway.system;

/**
 * Exchange attributes through which the relaying filters tell the access log which instance answered and how
 * many retries it took, or that a request was not relayed because its body failed to decode.
 */
public final class UpstreamAttributes {

    /** The {@code host:port} of the instance that answered (or was tried last). */
    public static final String INSTANCE = "portcullis.upstream.instance";

    /** How many times the request was tried again on another instance ({@code Integer}). */
    public static final String RETRIES = "portcullis.upstream.retries";

    /**
     * Set ({@code Boolean.TRUE}) when the request's body failed to decode and the HTTP server answered the client
     * itself: the request was not relayed, and the access log records 400 (Reactor Netty's answer; 414 or 431 for a
     * chunk-size line or trailers over the limits, which the gateway cannot tell apart).
     */
    public static final String UNDECODABLE_BODY = "portcullis.request.undecodable-body";

    private UpstreamAttributes() {
    }

}
