package io.portcullis.resourceserver;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;

/**
 * A request body's value of the wrong JSON type is a 400, never converted: Jackson's defaults read
 * {@code "quantity": 2.9} as 2 (a silent truncation stored as if the client had sent it), {@code "2"} as 2 and
 * {@code 42} or {@code true} as the text {@code "42"} or {@code "true"}. Here a number is read only from a JSON
 * number without a fraction for an integer field, from a JSON number for a decimal one, text only from a JSON
 * string and a boolean only from {@code true} or {@code false}; Spring MVC then answers the body's
 * {@code HttpMessageNotReadableException} with the starter's 400 problem. Strings stay strings for every other
 * scalar (UUIDs, enums, dates), which JSON has no type of its own for.
 */
final class StrictJsonValues implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Integer, (config) -> config
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, (config) -> config
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, (config) -> config
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, (config) -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

}
