package io.portcullis.resourceserver;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;

/**
 * A request body's value of the wrong JSON type is a 400, never converted: Jackson's defaults read
 * {@code "quantity": 2.9} as 2 (a silent truncation stored as if the client had sent it), {@code "2"} as 2,
 * {@code 42} or {@code true} as the text {@code "42"} or {@code "true"}, {@code 1} as the second constant of an enum
 * and {@code ""} as {@code null}. Here a number is read only from a JSON number (without a fraction for an integer
 * field), text only from a JSON string, a boolean only from {@code true} or {@code false}, an enum only from the
 * string of its name, and an empty string is a value only for a text field. UUIDs and dates are read from strings,
 * which JSON has no type of its own for, and not from numbers. Spring MVC then answers the body's
 * {@code HttpMessageNotReadableException} with the starter's 400 problem naming the field.
 */
final class StrictJsonValues implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .withCoercionConfig(LogicalType.Integer, (config) -> fail(config, CoercionInputShape.String,
                    CoercionInputShape.Boolean, CoercionInputShape.EmptyString))
            .withCoercionConfig(LogicalType.Float, (config) -> fail(config, CoercionInputShape.String,
                    CoercionInputShape.Boolean, CoercionInputShape.EmptyString))
            .withCoercionConfig(LogicalType.Boolean, (config) -> fail(config, CoercionInputShape.String,
                    CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.EmptyString))
            .withCoercionConfig(LogicalType.Textual, (config) -> fail(config, CoercionInputShape.Integer,
                    CoercionInputShape.Float, CoercionInputShape.Boolean))
            .withCoercionConfig(LogicalType.Enum, (config) -> fail(config, CoercionInputShape.Integer,
                    CoercionInputShape.EmptyString))
            .withCoercionConfig(LogicalType.DateTime, (config) -> fail(config, CoercionInputShape.Integer,
                    CoercionInputShape.Float, CoercionInputShape.EmptyString))
            .withCoercionConfig(LogicalType.OtherScalar, (config) -> fail(config, CoercionInputShape.Integer,
                    CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.EmptyString));
    }

    private static void fail(MutableCoercionConfig config, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
    }

}
