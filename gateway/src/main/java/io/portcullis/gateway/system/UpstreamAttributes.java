package io.portcullis.gateway.system;

/**
 * Exchange attributes through which the relaying filters tell the access log which instance answered and how
 * many retries it took.
 */
public final class UpstreamAttributes {

    /** The {@code host:port} of the instance that answered (or was tried last). */
    public static final String INSTANCE = "portcullis.upstream.instance";

    /** How many times the request was tried again on another instance ({@code Integer}). */
    public static final String RETRIES = "portcullis.upstream.retries";

    private UpstreamAttributes() {
    }

}
