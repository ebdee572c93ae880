package io.portcullis.auth.system;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A field of a request body that no endpoint knows (a misspelt one) is not a reason to stop reading: it is noted for
 * the request, skipped, and reported as {@code unknown field} together with every other invalid field, by
 * {@link FieldErrors}, {@link ApiExceptionHandler} or, if nothing else checked the request,
 * {@link UnknownFieldsGuard} before its transaction commits. Outside a request (stored JSON, configuration) an
 * unknown field fails as before.
 */
public final class UnknownFields extends DeserializationProblemHandler {

    private static final String ATTRIBUTE = UnknownFields.class.getName();

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
            ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return false;
        }
        // named as sent: the request records are flat, and a record read through its constructor is buffered whole
        // first, so the parser's position no longer tells where the property stood
        pending(request, true).add(propertyName);
        parser.skipChildren();
        return true;
    }

    /** The unknown fields of this request's body not reported yet, as field errors; they count as reported now. */
    public static List<ApiProblem.FieldError> take() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        List<String> pending = (request != null) ? pending(request, false) : null;
        if (pending == null || pending.isEmpty()) {
            return List.of();
        }
        List<ApiProblem.FieldError> errors = pending.stream()
            .map((field) -> new ApiProblem.FieldError(field, "unknown field"))
            .toList();
        pending.clear();
        return errors;
    }

    @SuppressWarnings("unchecked")
    private static List<String> pending(RequestAttributes request, boolean create) {
        Object fields = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (fields == null && create) {
            fields = new ArrayList<String>();
            request.setAttribute(ATTRIBUTE, fields, RequestAttributes.SCOPE_REQUEST);
        }
        return (List<String>) fields;
    }

}
