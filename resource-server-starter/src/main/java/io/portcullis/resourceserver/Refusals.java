package io.portcullis.resourceserver;

import io.portcullis.resourceserver.core.RefusalReason;
import jakarta.servlet.ServletRequest;

/** The {@link RefusalReason} of a servlet request, for the access log and the refusal metric. */
public final class Refusals {

    private Refusals() {
    }

    /** Records why {@code request} is refused; the first reason recorded stands. */
    static void record(ServletRequest request, RefusalReason reason) {
        if (request.getAttribute(RefusalReason.ATTRIBUTE) == null) {
            request.setAttribute(RefusalReason.ATTRIBUTE, reason);
        }
    }

    /** The reason {@code request} was refused, or {@code null}. */
    public static RefusalReason of(ServletRequest request) {
        return (request.getAttribute(RefusalReason.ATTRIBUTE) instanceof RefusalReason reason) ? reason : null;
    }

}
