package io.portcullis.resourceserver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scopes an access token must hold to reach a handler method (or every handler of a controller). Declared once:
 * the starter enforces it before the request reaches the controller, names it in the 403's
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."} and lists it in the OpenAPI document.
 * A handler method with no declared scope (here or in {@code portcullis.resource-server.scopes}) is refused to
 * every token: the rule fails closed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface RequiredScope {

    /** Every one of these scopes is required, e.g. {@code "orders.read"}. */
    String[] value();

}
