package io.portcullis.gateway.system;

/**
 * Exchange attributes through which the relaying filters tell the access log which instance answered and how
 * many retries it took, or why a request was not relayed.
 */
public final class UpstreamAttributes {

    /** The {@code host:port} of the instance that answered (or was tried last). */
    public static final String INSTANCE = "portcullis.upstream.instance";

    /** How many times the request was tried again on another instance ({@code Integer}). */
    public static final String RETRIES = "portcullis.upstream.retries";

    /**
     * The status the access log records for a request the gateway did not relay and whose response does not hold
     * it ({@code Integer}): {@link #BODY_UNDECODABLE} or {@link #CLIENT_CLOSED}.
     */
    public static final String STATUS = "portcullis.request.status";

    /**
     * The outcome the access log and the request timer record instead of the one its status gives ({@code String}):
     * {@link #TOO_MANY_BODIES} for a 429 that is not the rate limiter's.
     */
    public static final String OUTCOME = "portcullis.request.outcome";

    /** The client's request bodies arriving held its whole share of the budget for them (a 429). */
    public static final String TOO_MANY_BODIES = "too_many_bodies";

    /**
     * The request's body failed to decode and the HTTP server answered the client itself: 400 (Reactor Netty's
     * answer; 414 or 431 for a chunk-size line or trailers over the limits, which the gateway cannot tell apart).
     * Also a request on whose HTTP/2 stream the client broke the protocol (its stream was reset, nothing answered).
     */
    public static final int BODY_UNDECODABLE = 400;

    /** The client closed its connection (or reset its HTTP/2 stream) before it was answered: nobody to answer. */
    public static final int CLIENT_CLOSED = 499;

    private UpstreamAttributes() {
    }

}
